package dev.telltale.detect;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.KneserNeyModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** What the detection tests share: the default model (cached under the build's target) and fresh keys. */
final class Fixtures {
    private Fixtures() {}

    /** The default Brown trigram model over {@code tokenizer}, trained once and cached in target/telltale-home. */
    static KneserNeyModel defaultModel(TextTokenizer tokenizer, PrintStream log) {
        Path cache = Path.of(System.getProperty("telltale.repo", "."), "target", "telltale-home", "models");
        return DefaultModels.brownTrigram(tokenizer, cache, log);
    }

    /** A key of {@code scheme} for {@code tokenizer} with a secret drawn from {@code r}. */
    static WatermarkKey randomKey(SchemeParameters scheme, TextTokenizer tokenizer, RandomGenerator r) {
        byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
        r.nextBytes(secret);
        return WatermarkKey.fromSecret(secret, scheme, tokenizer.ref(), Instant.EPOCH);
    }
}
