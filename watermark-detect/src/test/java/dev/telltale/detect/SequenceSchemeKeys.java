package dev.telltale.detect;

import dev.telltale.core.HfKgwParameters;
import dev.telltale.core.HfKgwParameters.SeedingScheme;
import dev.telltale.core.HfSynthIdParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.WatermarkKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fresh keys of the sequence-scored schemes for the pooled tests. For the native schemes the secret is random;
 * the HuggingFace modes do not use the secret, so their key material (HF {@code hashing_key}, SynthID's 30
 * {@code keys}) is drawn at random instead, with HF's other defaults.
 */
final class SequenceSchemeKeys {
    private SequenceSchemeKeys() {}

    /** The cases: kgw-selfhash, synthid, hf-kgw-lefthash, hf-kgw-selfhash (context width 1 and 4), hf-synthid. */
    static final List<String> CASES = List.of("kgw-selfhash", "synthid", "hf-kgw-lefthash", "hf-kgw-selfhash-w1",
            "hf-kgw-selfhash-w4", "hf-synthid");

    static WatermarkKey random(String name, TextTokenizer tok, SplittableRandom r) {
        return random(name, tok, r, HfKgwParameters.DEFAULT_GREENLIST_RATIO);
    }

    /** @param hfGreenlistRatio HF {@code greenlist_ratio} of the hf-kgw cases */
    static WatermarkKey random(String name, TextTokenizer tok, SplittableRandom r, double hfGreenlistRatio) {
        return switch (name) {
            case "kgw-selfhash" -> Fixtures.randomKey(Schemes.KGW_SELFHASH_V1, tok, r);
            case "synthid" -> Fixtures.randomKey(Schemes.SYNTHID_V1, tok, r);
            case "hf-kgw-lefthash" -> hfKgw(SeedingScheme.LEFTHASH, 1, hfGreenlistRatio, tok, r);
            case "hf-kgw-selfhash-w1" -> hfKgw(SeedingScheme.SELFHASH, 1, hfGreenlistRatio, tok, r);
            case "hf-kgw-selfhash-w4" -> hfKgw(SeedingScheme.SELFHASH, 4, hfGreenlistRatio, tok, r);
            case "hf-synthid" -> {
                List<Long> keys = new ArrayList<>();
                for (int i = 0; i < HfSynthIdParameters.DEFAULT_KEYS.size(); i++) {
                    keys.add(r.nextLong(1, 1L << 31));
                }
                yield Fixtures.randomKey(new HfSynthIdParameters(keys, HfSynthIdParameters.DEFAULT_NGRAM_LEN,
                        HfSynthIdParameters.DEFAULT_SAMPLING_TABLE_SEED, HfSynthIdParameters.DEFAULT_SAMPLING_TABLE_SIZE,
                        HfSynthIdParameters.DEFAULT_CONTEXT_HISTORY_SIZE), tok, r);
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static WatermarkKey hfKgw(SeedingScheme s, int width, double ratio, TextTokenizer tok, SplittableRandom r) {
        return Fixtures.randomKey(new HfKgwParameters(s, r.nextLong(1, 1L << 40), ratio,
                HfKgwParameters.DEFAULT_BIAS, width, tok.vocabSize()), tok, r);
    }
}
