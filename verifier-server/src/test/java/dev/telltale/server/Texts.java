package dev.telltale.server;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Test texts: completions of the embedded default model watermarked with {@link TestServer#key()} (the real
 * generation path), and human-written Brown documents.
 */
final class Texts {
    private static KneserNeyModel model;

    private Texts() {}

    static synchronized KneserNeyModel model() {
        if (model == null) {
            Path cache = Path.of(System.getProperty("telltale.repo", "."), "target", "telltale-home", "models");
            model = DefaultModels.brownTrigram(Tokenizers.load("qwen3"), cache, System.out);
        }
        return model;
    }

    /** A watermarked completion of about {@code tokens} tokens. */
    static String watermarked(int tokens, long seed) {
        TextTokenizer qwen = Tokenizers.load("qwen3");
        Generator g = new Generator(model(), Embedders.forKey(TestServer.key()), SamplingConfig.DEFAULT);
        int[] ids = g.generate(qwen.encode("The jury said"), tokens, -1, new SplittableRandom(seed));
        return qwen.decode(ids);
    }

    /**
     * A completion of about {@code tokens} tokens served to {@code account} under an account key: the account's
     * embed step ({@code Embedders.forKey(key, account)}: shared kgw + account component) on the default model.
     */
    static String forAccount(WatermarkKey key, long account, int tokens, long seed) {
        TextTokenizer qwen = Tokenizers.load("qwen3");
        Generator g = Generator.withMixturePath(model(), Embedders.forKey(key, account), SamplingConfig.DEFAULT);
        int[] ids = g.generate(qwen.encode("The jury said"), tokens, -1, new SplittableRandom(seed));
        return qwen.decode(ids);
    }

    /** Human text: the start of Brown document {@code i} (about {@code chars} characters). */
    static String human(int i, int chars) {
        String t = EmbeddedCorpora.brown().get(i).text();
        return t.length() <= chars ? t : t.substring(0, chars);
    }
}
