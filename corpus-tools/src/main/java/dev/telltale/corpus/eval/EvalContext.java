package dev.telltale.corpus.eval;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.KneserNeyModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every experiment shares: the Qwen3 tokenizer, the default model, the Brown corpus tokenised once and
 * split in two halves by document (even index: {@code reference} half, odd index: {@code heldOut} half).
 *
 * <p>The default model is trained on all of Brown. That does not matter for detection (a human text is
 * human whatever the model read) but it does for quality: the reference model that scores perplexity is
 * trained on the even half only, with another order, and prompts come from the odd half.
 */
final class EvalContext {
    final EvalOptions options;
    final Sizes sizes;
    final TextTokenizer tokenizer;
    final KneserNeyModel model;
    /** [doc] token ids of every Brown document, in corpus order. */
    final List<int[]> brown;
    final List<int[]> referenceHalf = new ArrayList<>();
    final List<int[]> heldOut = new ArrayList<>();
    /** [n] all held-out tokens in a row: the source of inserted and substituted tokens (human frequencies). */
    final int[] heldOutTokens;
    final SynonymTable synonyms;

    EvalContext(EvalOptions options) {
        this.options = options;
        this.sizes = options.sizes();
        this.tokenizer = Tokenizers.load(Tokenizers.DEFAULT);
        this.model = DefaultModels.brownTrigram(tokenizer, options.modelCache(), options.log());
        this.brown = DefaultModels.brownIds(tokenizer);
        int total = 0;
        for (int i = 0; i < brown.size(); i++) {
            (i % 2 == 0 ? referenceHalf : heldOut).add(brown.get(i));
            total += i % 2 == 0 ? 0 : brown.get(i).length;
        }
        heldOutTokens = new int[total];
        int at = 0;
        for (int[] d : heldOut) {
            System.arraycopy(d, 0, heldOutTokens, at, d.length);
            at += d.length;
        }
        synonyms = SynonymTable.load();
        if (EmbeddedCorpora.brown().size() != brown.size()) {
            throw new IllegalStateException("Brown corpus changed while loading");
        }
    }

    /** A key of {@code scheme} from the stream {@code r} (secrets from a seeded generator: evaluation only). */
    WatermarkKey key(SchemeParameters scheme, SplittableRandom r) {
        byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
        r.nextBytes(secret);
        return WatermarkKey.fromSecret(secret, scheme, tokenizer.ref(), Instant.EPOCH);
    }

    /** A random stream for experiment {@code label}, derived from the run's seed. */
    SplittableRandom random(String label) {
        return new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + label.hashCode());
    }

    void say(String line) {
        options.say(line);
    }
}
