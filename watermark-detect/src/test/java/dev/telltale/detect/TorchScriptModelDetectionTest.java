package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.Models;
import dev.telltale.embed.SamplingConfig;
import dev.telltale.embed.djl.TorchScriptModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A neural model end to end: the committed TorchScript LM (testdata/models/brown-qwen3-tiny, through DJL's
 * PyTorch engine) generates under a key's watermark, the completion is decoded to text, and {@link Detector}
 * finds the watermark from the text; unwatermarked completions of the same model are not detected.
 * Requirement: ≥ 95% of 150-token completions at temperature 1 detected at p ≤ 1e-6, for kgw and the
 * distortion-free gumbel and synthid. Quick mode: 20 completions per scheme; {@code -Dtelltale.full=true}: 100.
 */
class TorchScriptModelDetectionTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final int COMPLETIONS = FULL ? 100 : 20;
    private static final int TOKENS = 150;
    private static final String[] PROMPTS = {"The jury said", "In the morning", "He told them that", "It was", ""};
    private static TextTokenizer qwen;
    private static TorchScriptModel model;

    @BeforeAll
    static void load() throws Exception {
        qwen = Tokenizers.load("qwen3");
        LanguageModel m = Models.load(modelDir(), qwen);
        model = (TorchScriptModel) m;
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Path modelDir() {
        for (Path p = Path.of(System.getProperty("telltale.repo", ".")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("testdata/models/brown-qwen3-tiny");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new IllegalStateException("testdata/models/brown-qwen3-tiny not found; run from the repository (or set -Dtelltale.repo)");
    }

    static Stream<SchemeParameters> schemes() {
        return Stream.of(Schemes.KGW_V1, Schemes.GUMBEL_V1, Schemes.SYNTHID_V1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void watermarkedCompletions_areDetectedAtOneInAMillion(SchemeParameters scheme) throws Exception {
        Result r = run(scheme, true, new SplittableRandom(77 + scheme.schemeId().hashCode()));
        System.out.printf("torchscript %s: %d/%d detected at p <= 1e-6, mean log10 p %.1f, worst %.1f, mean T %.0f, "
                        + "%.1f ms per token (2 threads)%n", scheme.schemeId(), r.detected, COMPLETIONS, r.meanLog10,
                r.worstLog10, r.meanScored, r.msPerToken);
        assertTrue(r.detected >= 0.95 * COMPLETIONS, scheme.schemeId() + ": " + r.detected + "/" + COMPLETIONS);
    }

    @Test
    void unwatermarkedCompletions_areNotDetected() throws Exception {
        Result r = run(Schemes.KGW_V1, false, new SplittableRandom(99));
        System.out.printf("torchscript unwatermarked: %d/%d detected, mean log10 p %.2f, smallest %.2f%n", r.detected,
                COMPLETIONS, r.meanLog10, r.bestLog10);
        assertEquals(0, r.detected);
        assertTrue(r.meanScored > 100, "completions too short to mean anything: mean T " + r.meanScored);
    }

    private record Result(int detected, double meanLog10, double worstLog10, double bestLog10, double meanScored,
                          double msPerToken) {}

    /** COMPLETIONS completions, each under a fresh key of {@code scheme}, generated on two threads (one model copy each). */
    private static Result run(SchemeParameters scheme, boolean watermarked, SplittableRandom r) throws Exception {
        WatermarkKey[] keys = new WatermarkKey[COMPLETIONS];
        long[] seeds = new long[COMPLETIONS];
        int[][] prompts = new int[COMPLETIONS][];
        for (int i = 0; i < COMPLETIONS; i++) {
            keys[i] = Fixtures.randomKey(scheme, qwen, r);
            seeds[i] = r.nextLong();
            prompts[i] = qwen.encode(PROMPTS[i % PROMPTS.length]);
        }
        List<TorchScriptModel> copies = new ArrayList<>();
        ThreadLocal<TorchScriptModel> perThread = ThreadLocal.withInitial(() -> {
            TorchScriptModel c = model.copy();
            synchronized (copies) {
                copies.add(c);
            }
            return c;
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long t0 = System.nanoTime();
        try {
            List<Future<int[]>> outputs = new ArrayList<>();
            for (int i = 0; i < COMPLETIONS; i++) {
                int n = i;
                outputs.add(pool.submit(() -> new Generator(perThread.get(),
                        watermarked ? Embedders.forKey(keys[n]) : null, SamplingConfig.DEFAULT)
                        .generate(prompts[n], TOKENS, -1, new SplittableRandom(seeds[n]))));
            }
            int detected = 0;
            double worst = Double.NEGATIVE_INFINITY;
            double best = Double.POSITIVE_INFINITY;
            double sumLog10 = 0;
            long scored = 0;
            long tokens = 0;
            for (int i = 0; i < COMPLETIONS; i++) {
                int[] ids = outputs.get(i).get();
                tokens += ids.length;
                Detection d = new Detector(keys[i], qwen, 1e-6).detect(qwen.decode(ids));
                detected += d.verdict() == Verdict.WATERMARKED ? 1 : 0;
                worst = Math.max(worst, d.log10PValue());
                best = Math.min(best, d.log10PValue());
                sumLog10 += d.log10PValue();
                scored += d.tokensScored();
            }
            double ms = (System.nanoTime() - t0) / 1e6 / tokens;
            return new Result(detected, sumLog10 / COMPLETIONS, worst, best, (double) scored / COMPLETIONS, ms);
        } finally {
            pool.shutdownNow();
            synchronized (copies) {
                copies.forEach(TorchScriptModel::close);
            }
        }
    }
}
