package dev.telltale.cli;

import dev.telltale.core.HfKgwParameters;
import dev.telltale.core.HfSynthIdParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TextTokenizer;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * keygen options of the HuggingFace-compatible schemes ({@code hf-kgw-lefthash}, {@code hf-kgw-selfhash},
 * {@code hf-synthid}), named after HF's parameters. Defaults are HF's; {@code vocab_size} defaults to the
 * key's tokenizer (pass the model config's value, e.g. 151936 for Qwen3 models, to match HF).
 */
final class HfKeygenOptions {
    @Option(names = "--hashing-key", description = "HF hashing_key >= 0 (hf-kgw-*). Default: 15485863.")
    Long hashingKey;

    @Option(names = "--greenlist-ratio", description = "HF greenlist_ratio in (0, 1) (hf-kgw-*). Default: 0.25.")
    Double greenlistRatio;

    @Option(names = "--bias", description = "HF bias > 0 added to green logits (hf-kgw-*). Default: 2.0.")
    Double bias;

    @Option(names = "--vocab-size", description = "HF vocab_size, the model config's vocabulary (hf-kgw-*). "
            + "Default: the tokenizer's.")
    Integer vocabSize;

    @Option(names = "--ngram-len", description = "HF ngram_len >= 2 (hf-synthid). Default: 5.")
    Integer ngramLen;

    @Option(names = "--synthid-keys", split = ",", paramLabel = "K1,K2,...",
            description = "HF keys, one per layer, comma-separated (hf-synthid). Default: the 30 public reference keys.")
    List<Long> synthidKeys;

    /** Adds the numeric options given to keygen's field map (key-file field names). */
    void putOptions(Map<String, Number> options) {
        put(options, "hashing_key", hashingKey);
        put(options, "greenlist_ratio", greenlistRatio);
        put(options, "bias", bias);
        put(options, "vocab_size", vocabSize);
        put(options, "ngram_len", ngramLen);
    }

    /** Applies what a field map cannot carry: the keys list, and the tokenizer's size as default vocab_size. */
    SchemeParameters finish(SchemeParameters p, TextTokenizer tok) {
        if (synthidKeys != null) {
            if (!(p instanceof HfSynthIdParameters s)) {
                throw new UsageException("--synthid-keys applies to scheme hf-synthid only, not " + p.schemeId());
            }
            p = new HfSynthIdParameters(synthidKeys, s.ngramLen(), s.samplingTableSeed(), s.samplingTableSize(),
                    s.contextHistorySize());
        }
        if (p instanceof HfKgwParameters k && vocabSize == null) {
            p = new HfKgwParameters(k.seedingScheme(), k.hashingKey(), k.greenlistRatio(), k.bias(), k.contextWidth(),
                    tok.vocabSize());
        }
        return p;
    }

    /** A one-line reminder for HF keys: their watermark key is public. */
    static String note(SchemeParameters p) {
        return p instanceof HfKgwParameters || p instanceof HfSynthIdParameters
                ? "note: " + p.schemeId() + " is a HuggingFace-compatible mode; its watermark key is the public "
                + (p instanceof HfSynthIdParameters ? "keys list" : "hashing_key") + " in the key file, not the key's secret"
                : null;
    }

    private static void put(Map<String, Number> options, String field, Number value) {
        if (value != null) {
            options.put(field, value);
        }
    }
}
