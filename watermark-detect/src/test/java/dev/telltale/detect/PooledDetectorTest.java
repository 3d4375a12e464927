package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dataset-level tests: one global dedup tape, one exact tail. */
class PooledDetectorTest {
    private static TextTokenizer qwen;
    private static List<int[]> brown;
    private static WatermarkKey key;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        brown = DefaultModels.brownIds(qwen);
        byte[] s = new byte[32];
        new SplittableRandom(21).nextBytes(s);
        key = WatermarkKey.fromSecret(s, Schemes.KGW_V1, qwen.ref(), Instant.EPOCH);
    }

    @Test
    void wholeBrownCorpus_pooled_isNotDetected_andCountsEachTupleOnce() {
        PooledDetector pool = new PooledDetector(new Detector(key, qwen, 1e-6));
        Set<List<Integer>> naive = new HashSet<>();
        long total = 0;
        for (int[] doc : brown) {
            pool.addIds(doc);
            total += doc.length;
            for (int t = 2; t < doc.length; t++) {
                naive.add(List.of(doc[t - 2], doc[t - 1], doc[t]));
            }
        }
        Detection d = pool.result();
        assertEquals(500, pool.documents());
        assertEquals(total, d.tokensTotal());
        assertEquals(naive.size(), d.tokensScored());
        assertNotEquals(Verdict.WATERMARKED, d.verdict(), "human corpus pooled: log10 p = " + d.log10PValue());
        assertTrue(d.log10PValue() > -3, "a million human tokens must look like chance, got log10 p " + d.log10PValue());
    }

    @Test
    void addingTheSameTextTwice_addsNoEvidence() {
        PooledDetector once = new PooledDetector(new Detector(key, qwen, 1e-6));
        PooledDetector twice = new PooledDetector(new Detector(key, qwen, 1e-6));
        once.addIds(brown.get(0));
        twice.addIds(brown.get(0));
        twice.addIds(brown.get(0));
        assertEquals(once.result().tokensScored(), twice.result().tokensScored());
        assertEquals(once.result().score(), twice.result().score());
    }

    @Test
    void datasetWithFivePercentWatermarkedText_isDetected_thoughEachSnippetIsTooShort() {
        KneserNeyModel model = Fixtures.defaultModel(qwen, null);
        Generator g = new Generator(model, Embedders.forKey(key), SamplingConfig.DEFAULT);
        SplittableRandom r = new SplittableRandom(3);
        // 100 human documents (~250k tokens) plus watermarked snippets worth ~5% of the tokens,
        // 14 tokens each: 12 scored positions, below the 16 a single-text verdict needs
        List<int[]> data = new ArrayList<>(brown.subList(0, 100));
        long human = data.stream().mapToLong(a -> a.length).sum();
        int snippets = (int) (0.05 * human / 14);
        Detector detector = new Detector(key, qwen, 1e-6);
        int detectedAlone = 0;
        for (int i = 0; i < snippets; i++) {
            int[] ids = g.generate(new int[] {r.nextInt(1000)}, 14, -1, r);
            detectedAlone += detector.detectIds(ids).verdict() == Verdict.TOO_SHORT ? 0 : 1;
            data.add(ids);
        }
        PooledDetector pool = new PooledDetector(detector);
        data.forEach(pool::addIds);
        Detection d = pool.result();
        assertEquals(Verdict.WATERMARKED, d.verdict(), "pooled log10 p = " + d.log10PValue());
        assertEquals(0, detectedAlone, "every 14-token snippet alone is too short for a verdict");
        System.out.printf("pooled dataset: %d snippets (5%% of tokens), %d with a verdict alone; pooled T=%d log10 p=%.1f%n",
                snippets, detectedAlone, d.tokensScored(), d.log10PValue());
    }

    @Test
    void idsOutsideTheVocabulary_areRefused() {
        PooledDetector pool = new PooledDetector(new Detector(key, qwen, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> pool.addIds(new int[] {1, 2, 151669}));
    }

    @Test
    void sequenceScoredScheme_wholeBrownCorpus_isNotDetected_andRepeatsAcrossTextsCountOnce() {
        WatermarkKey selfhash = WatermarkKey.fromSecret(new byte[32], Schemes.KGW_SELFHASH_V1, qwen.ref(), Instant.EPOCH);
        Detector detector = new Detector(selfhash, qwen, 1e-6);
        PooledDetector pool = new PooledDetector(detector);
        long perTextSum = 0;
        for (int[] doc : brown) {
            pool.addIds(doc);
            perTextSum += detector.detectIds(doc).tokensScored();
        }
        Detection d = pool.result();
        assertNotEquals(Verdict.WATERMARKED, d.verdict(), "human corpus pooled under kgw-selfhash: log10 p = " + d.log10PValue());
        assertTrue(d.log10PValue() > -3, "log10 p " + d.log10PValue());
        // (min-hash seed, token) inputs recur across documents: the pool scores far fewer than the texts' sum
        assertTrue(d.tokensScored() < 0.8 * perTextSum, d.tokensScored() + " pooled vs " + perTextSum + " per text");
        assertTrue(d.tokensScored() > 300_000, "T = " + d.tokensScored());
    }

    @Test
    void gumbelScheme_poolsLikeKgw() {
        WatermarkKey gumbel = WatermarkKey.fromSecret(new byte[32], Schemes.GUMBEL_V1, qwen.ref(), Instant.EPOCH);
        PooledDetector pool = new PooledDetector(new Detector(gumbel, qwen, 1e-6));
        brown.subList(0, 50).forEach(pool::addIds);
        Detection d = pool.result();
        assertTrue(d.tokensScored() > 50_000);
        assertNotEquals(Verdict.WATERMARKED, d.verdict(), "human text under gumbel: log10 p " + d.log10PValue());
        assertTrue(!d.toJson(null).containsKey("green_fraction"), "gumbel's score is not a green count");
    }
}
