package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Power on the embedded default model: 200-token completions at temperature 1 under the default KGW key
 * parameters, decoded to text and detected from the text as a user would. Quick mode: 120 completions;
 * {@code -Dtelltale.full=true}: 1,000.
 */
class KgwPowerTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final int COMPLETIONS = FULL ? 1000 : 120;
    private static final String[] PROMPTS = {"The jury said", "In the morning", "He told them that", "It was", "The new"};
    private static TextTokenizer qwen;
    private static KneserNeyModel model;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        model = Fixtures.defaultModel(qwen, System.out);
    }

    @Test
    void defaultKey_detects99PercentOf200TokenCompletions_atOneInAMillion() {
        SplittableRandom r = new SplittableRandom(2026);
        int detected = 0;
        double worstLog10 = 0;
        double sumLog10 = 0;
        for (int i = 0; i < COMPLETIONS; i++) {
            byte[] s = new byte[32];
            r.nextBytes(s);
            WatermarkKey key = WatermarkKey.fromSecret(s, Schemes.KGW_V1, qwen.ref(), Instant.EPOCH);
            Generator g = new Generator(model, Embedders.forKey(key), SamplingConfig.DEFAULT);
            int[] ids = g.generate(qwen.encode(PROMPTS[i % PROMPTS.length]), 200, -1, r);
            Detection d = new Detector(key, qwen, 1e-6).detect(qwen.decode(ids));
            detected += d.verdict() == Verdict.WATERMARKED ? 1 : 0;
            worstLog10 = Math.min(worstLog10, -d.log10PValue());
            sumLog10 += d.log10PValue();
        }
        double tpr = (double) detected / COMPLETIONS;
        System.out.printf("KGW power: %d/%d detected at p <= 1e-6 (TPR %.3f), mean log10 p %.1f%n", detected, COMPLETIONS, tpr,
                sumLog10 / COMPLETIONS);
        assertTrue(tpr >= 0.99, "TPR " + tpr + " over " + COMPLETIONS + " completions");
    }

    @Test
    void unwatermarkedCompletions_fromTheSameModel_areNotDetected() {
        SplittableRandom r = new SplittableRandom(7);
        Generator plain = new Generator(model, null, SamplingConfig.DEFAULT);
        int falsePositives = 0;
        int n = FULL ? 500 : 60;
        for (int i = 0; i < n; i++) {
            byte[] s = new byte[32];
            r.nextBytes(s);
            WatermarkKey key = WatermarkKey.fromSecret(s, Schemes.KGW_V1, qwen.ref(), Instant.EPOCH);
            int[] ids = plain.generate(qwen.encode(PROMPTS[i % PROMPTS.length]), 200, -1, r);
            falsePositives += new Detector(key, qwen, 1e-6).detect(qwen.decode(ids)).verdict() == Verdict.WATERMARKED ? 1 : 0;
        }
        assertTrue(falsePositives == 0, falsePositives + " unwatermarked completions called watermarked at 1e-6");
    }
}
