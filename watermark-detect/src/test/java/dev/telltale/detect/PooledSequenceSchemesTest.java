package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pooled tests of the sequence-scored schemes (kgw-selfhash, synthid, the HuggingFace modes): a pool of one
 * text is that text's detection; duplicates add nothing; many watermarked snippets, each too short to be
 * detected alone, are detected when pooled with human text. Null calibration: {@link PooledNullCalibrationTest}.
 */
class PooledSequenceSchemesTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static TextTokenizer qwen;
    private static KneserNeyModel model;
    private static List<int[]> brown;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        model = Fixtures.defaultModel(qwen, System.out);
        brown = DefaultModels.brownIds(qwen);
    }

    private static int[] watermarked(WatermarkKey key, int length, SplittableRandom r) {
        return new Generator(model, Embedders.forKey(key), SamplingConfig.DEFAULT).generate(new int[] {r.nextInt(1000)},
                length, -1, r);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.telltale.detect.SequenceSchemeKeys#CASES")
    void poolOfOneText_isThatTextsDetection(String scheme) {
        SplittableRandom r = new SplittableRandom(5 + scheme.hashCode());
        WatermarkKey key = SequenceSchemeKeys.random(scheme, qwen, r);
        Detector detector = new Detector(key, qwen, 1e-6);
        for (int[] text : List.of(Arrays.copyOf(brown.get(7), 400), watermarked(key, 120, r), new int[] {5, 6, 7})) {
            PooledDetector pool = new PooledDetector(detector);
            pool.addIds(text);
            assertEquals(detector.detectIds(text), pool.result(), scheme);
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.telltale.detect.SequenceSchemeKeys#CASES")
    void sameWatermarkedText_added100Times_countsOnce(String scheme) {
        SplittableRandom r = new SplittableRandom(9 + scheme.hashCode());
        WatermarkKey key = SequenceSchemeKeys.random(scheme, qwen, r);
        Detector detector = new Detector(key, qwen, 1e-6);
        int[] text = watermarked(key, 80, r);
        PooledDetector pool = new PooledDetector(detector);
        for (int i = 0; i < 100; i++) {
            pool.addIds(text);
        }
        Detection once = detector.detectIds(text);
        Detection hundred = pool.result();
        assertEquals(100, pool.documents());
        assertEquals(100L * text.length, hundred.tokensTotal());
        assertEquals(once.tokensScored(), hundred.tokensScored(), scheme);
        assertEquals(once.score(), hundred.score(), scheme);
        assertEquals(once.log10PValue(), hundred.log10PValue(), scheme);
        assertTrue(once.tokensScored() >= 40, scheme + ": " + once.tokensScored() + " positions scored");
    }

    /**
     * Snippets of h + 11 to h + 14 tokens (at most 14 scored positions: each too short for a verdict alone, as
     * 14-18 tokens are for synthid) mixed into Brown documents, in shuffled order: the pool is detected at
     * p ≤ 1e-6. Sizes per scheme follow its strength and its embedder's cost (HF selfhash and SynthID take
     * milliseconds per step); full mode takes four times more of both. hf-kgw-selfhash is tested with a 4-token
     * window: with HF's default width 1 its green list depends on the token alone (a unigram test), so a pool
     * scores each distinct token once and short snippets mixed into human text add little.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("powerCases")
    void manyShortWatermarkedSnippets_mixedIntoBrown_areDetectedPooled(String scheme, int snippets, int brownDocs)
            throws Exception {
        int scale = FULL ? 4 : 1;
        SplittableRandom r = new SplittableRandom(13 + scheme.hashCode());
        WatermarkKey key = SequenceSchemeKeys.random(scheme, qwen, r);
        Detector detector = new Detector(key, qwen, 1e-6);
        int h = detector.scorer().contextWidth();
        List<int[]> data = new ArrayList<>(brown.subList(0, brownDocs * scale));
        long human = data.stream().mapToLong(a -> a.length).sum();
        long t0 = System.nanoTime();
        List<int[]> generated = generate(key, snippets * scale, h, r);
        long t1 = System.nanoTime();
        int withVerdict = 0;
        long snippetTokens = 0;
        for (int[] ids : generated) {
            withVerdict += detector.detectIds(ids).verdict() == Verdict.TOO_SHORT ? 0 : 1;
            snippetTokens += ids.length;
        }
        data.addAll(generated);
        Collections.shuffle(data, new Random(r.nextLong()));
        PooledDetector pool = new PooledDetector(detector);
        data.forEach(pool::addIds);
        Detection d = pool.result();
        System.out.printf("pooled %s: %d snippets (%d tokens) + %d human tokens: T=%d log10 p=%.1f (generation %.1f s, pool %.1f s)%n",
                scheme, generated.size(), snippetTokens, human, d.tokensScored(), d.log10PValue(), (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9);
        assertEquals(0, withVerdict, scheme + ": every snippet alone is too short for a verdict");
        assertEquals(Verdict.WATERMARKED, d.verdict(), scheme + ": pooled log10 p = " + d.log10PValue());
    }

    static Stream<Arguments> powerCases() {
        return Stream.of(Arguments.of("kgw-selfhash", 100, 6), Arguments.of("synthid", 40, 6),
                Arguments.of("hf-kgw-lefthash", 70, 4), Arguments.of("hf-kgw-selfhash-w4", 70, 2),
                Arguments.of("hf-synthid", 40, 3));
    }

    /**
     * {@code n} snippets of h + 11 .. h + 14 tokens after a random one-token prompt, generated on two threads;
     * lengths, prompts and sampling seeds are drawn here, so the output does not depend on
     * scheduling.
     */
    private static List<int[]> generate(WatermarkKey key, int n, int h, SplittableRandom r) throws Exception {
        // one model copy and one embedder per thread (hf-synthid's embedder is stateful; a context that does not
        // extend the previous call's starts a new sequence, as each snippet's first step does)
        ThreadLocal<Generator> generators = ThreadLocal.withInitial(() -> new Generator(model.copy(), Embedders.forKey(key),
                SamplingConfig.DEFAULT));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<int[]>> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int length = h + 11 + r.nextInt(4);
                int[] prompt = {r.nextInt(1000)};
                long seed = r.nextLong();
                out.add(threads.submit(() -> generators.get().generate(prompt, length, -1, new SplittableRandom(seed))));
            }
            List<int[]> ids = new ArrayList<>();
            for (Future<int[]> f : out) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            threads.shutdownNow();
        }
    }
}
