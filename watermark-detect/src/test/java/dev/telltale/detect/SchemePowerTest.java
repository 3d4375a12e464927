package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Power of every native scheme on the embedded default model, as {@link KgwPowerTest} does for KGW:
 * 200-token completions at temperature 1 under the scheme's preset, each with a fresh key, decoded to text
 * and detected from the text. Requirement: ≥ 95% detected at p ≤ 1e-6. Quick mode: 60 completions per
 * scheme; {@code -Dtelltale.full=true}: 500.
 */
class SchemePowerTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final int COMPLETIONS = FULL ? 500 : 60;
    private static final String[] PROMPTS = {"The jury said", "In the morning", "He told them that", "It was", "The new"};
    private static TextTokenizer qwen;
    private static KneserNeyModel model;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        model = Fixtures.defaultModel(qwen, System.out);
    }

    static Stream<SchemeParameters> schemes() {
        return Stream.of(Schemes.UNIGRAM_V1, Schemes.KGW_SELFHASH_V1, Schemes.GUMBEL_V1, Schemes.SYNTHID_V1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void preset_detects95PercentOf200TokenCompletions_atOneInAMillion(SchemeParameters scheme) throws Exception {
        SplittableRandom r = new SplittableRandom(2026 + scheme.schemeId().hashCode());
        long t0 = System.nanoTime();
        // Generation runs on two threads, each with its own model instance; every completion has its own key and
        // sampling seed drawn here, so the results do not depend on scheduling. Tokenisation stays on this thread.
        WatermarkKey[] keys = new WatermarkKey[COMPLETIONS];
        long[] seeds = new long[COMPLETIONS];
        int[][] prompts = new int[COMPLETIONS][];
        for (int i = 0; i < COMPLETIONS; i++) {
            keys[i] = Fixtures.randomKey(scheme, qwen, r);
            seeds[i] = r.nextLong();
            prompts[i] = qwen.encode(PROMPTS[i % PROMPTS.length]);
        }
        ThreadLocal<KneserNeyModel> models = ThreadLocal.withInitial(model::copy);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<int[]>> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < COMPLETIONS; i++) {
                int n = i;
                outputs.add(pool.submit(() -> new Generator(models.get(), Embedders.forKey(keys[n]), SamplingConfig.DEFAULT)
                        .generate(prompts[n], 200, -1, new SplittableRandom(seeds[n]))));
            }
            int detected = 0;
            double worst = Double.NEGATIVE_INFINITY;
            double sumLog10 = 0;
            long sumScored = 0;
            for (int i = 0; i < COMPLETIONS; i++) {
                Detection d = new Detector(keys[i], qwen, 1e-6).detect(qwen.decode(outputs.get(i).get()));
                detected += d.verdict() == Verdict.WATERMARKED ? 1 : 0;
                worst = Math.max(worst, d.log10PValue());
                sumLog10 += d.log10PValue();
                sumScored += d.tokensScored();
            }
            double tpr = (double) detected / COMPLETIONS;
            System.out.printf("%s power: %d/%d detected at p <= 1e-6 (TPR %.3f), mean log10 p %.1f, worst %.1f, mean T %.0f, "
                            + "%.0f ms per completion (2 threads)%n", scheme.schemeId(), detected, COMPLETIONS, tpr,
                    sumLog10 / COMPLETIONS, worst, (double) sumScored / COMPLETIONS, (System.nanoTime() - t0) / 1e6 / COMPLETIONS);
            assertTrue(tpr >= 0.95, scheme.schemeId() + ": TPR " + tpr + " over " + COMPLETIONS + " completions");
        } finally {
            pool.shutdownNow();
        }
    }
}
