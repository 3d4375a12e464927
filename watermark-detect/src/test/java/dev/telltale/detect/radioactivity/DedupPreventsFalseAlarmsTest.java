package dev.telltale.detect.radioactivity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Schemes;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.serve.ModelPool;
import dev.telltale.embed.serve.ModelServer;
import dev.telltale.embed.serve.ServeConfig;
import dev.telltale.embed.serve.WatermarkPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Why the rules exist: a clean model (trained on human text only, never on our outputs), prompted with our
 * watermarked texts and decoded greedily, as testers often do. Greedy n-gram decoding falls into the same
 * few loops after many prompts, so the same (window, token) pairs come back hundreds of times: counted
 * each time, one green pair weighs like hundreds of independent ones and the binomial test over-disperses.
 * Over 20 keys, without dedup and the prompt-window rule the clean model is "detected" at p &lt; 1e-3 for
 * several keys (measured: 7 of 20, the smallest 2e-155, while 9 others sit at p ≈ 1); with them the p-values
 * look uniform (Kolmogorov–Smirnov; measured: smallest 0.011) and none is below 1e-3.
 */
class DedupPreventsFalseAlarmsTest {
    private static final int KEYS = 20;

    @Test
    void cleanModel_looksRadioactiveWithoutDedup_andIsNotWithIt() throws Exception {
        KneserNeyModel clean = KneserNeyModel.train(Fixtures.HUMAN_DOCS, Fixtures.TOKENIZER.vocabSize(), 3);
        double[] withRules = new double[KEYS];
        double[] without = new double[KEYS];
        try (ModelServer server = ModelServer.start(ServeConfig.loopback("clean", ModelPool.of(clean, 2), Fixtures.TOKENIZER,
                WatermarkPolicy.none()))) {
            for (int k = 0; k < KEYS; k++) {
                WatermarkKey key = Fixtures.key(Schemes.KGW_V1, 1000 + k);
                Detector d = Fixtures.detector(key);
                List<String> prompts = new ArrayList<>(); // our watermarked texts as prompts
                for (int[] ids : Fixtures.teacherOutputs(key, Fixtures.prompts(100, k), 32, k)) {
                    prompts.add(Fixtures.TOKENIZER.decode(ids));
                }
                ClosedModelTest.Options o = ClosedModelTest.Options.of(URI.create(server.baseUrl())).withModel("clean")
                        .withSampling(1, 48, 0.0, null, null);
                withRules[k] = ClosedModelTest.run(d, prompts, o, Progress.NONE).pValue();
                without[k] = ClosedModelTest.run(d, prompts, o.withRules(false, false), Progress.NONE).pValue();
            }
        }
        String report = "with dedup " + Arrays.toString(withRules) + "\nwithout " + Arrays.toString(without);
        long falseAlarms = Arrays.stream(without).filter(p -> p < 1e-3).count();
        assertTrue(falseAlarms >= 3, "without dedup the clean model should look radioactive for several keys\n" + report);
        assertTrue(Arrays.stream(without).min().getAsDouble() < 1e-10, report);
        assertTrue(Arrays.stream(withRules).allMatch(p -> p > 1e-3), report);
        // Kolmogorov–Smirnov against U(0, 1): D < 0.356 (the 1 % critical value for n = 20). Discrete binomial
        // p-values are slightly conservative (stochastically larger than uniform), which only lowers D's lower side.
        double[] sorted = withRules.clone();
        Arrays.sort(sorted);
        double dStat = 0;
        for (int i = 0; i < KEYS; i++) {
            dStat = Math.max(dStat, Math.max((i + 1.0) / KEYS - sorted[i], sorted[i] - (double) i / KEYS));
        }
        assertTrue(dStat < 0.356, "KS distance " + dStat + "\n" + report);
    }
}
