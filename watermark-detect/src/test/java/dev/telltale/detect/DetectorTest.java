package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.ExactTails;
import dev.telltale.core.KgwParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DetectorTest {
    private static TextTokenizer qwen;
    private static WatermarkKey key;

    @BeforeAll
    static void setUp() {
        qwen = Tokenizers.load("qwen3");
        byte[] secret = new byte[32];
        new SplittableRandom(1).nextBytes(secret);
        key = WatermarkKey.fromSecret(secret, Schemes.KGW_V1, qwen.ref(), Instant.EPOCH);
    }

    /** Builds a sequence whose every scored token is green (or red) by walking the PRF. */
    private static int[] sequence(int n, boolean green, WatermarkKey k, SplittableRandom r) {
        KgwParameters p = (KgwParameters) k.scheme();
        long thr = Tt1Prf.greenThreshold(p.gamma());
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            if (i < p.contextWidth()) {
                ids[i] = r.nextInt(qwen.vocabSize());
                continue;
            }
            long seed = k.prf().seed(ids, i - p.contextWidth(), i);
            int v;
            do {
                v = r.nextInt(qwen.vocabSize());
            } while (Tt1Prf.isGreen(Tt1Prf.value(seed, v), thr) != green);
            ids[i] = v;
        }
        return ids;
    }

    /**
     * detectIds reuses a per-thread dedup tape from text to text (cleared, or replaced when the layout or
     * size does not suit): every text must score as on a fresh tape, whatever came before it.
     */
    @Test
    void detectIds_afterOtherTexts_scoresAsOnAFreshTape() {
        SplittableRandom r = new SplittableRandom(21);
        for (var scheme : List.of(Schemes.KGW_V1, new KgwParameters(0.25, 2.0, 4), Schemes.UNIGRAM_V1,
                Schemes.GUMBEL_V1)) { // h = 4: one text's wide tuples take TextDedup, the pool PairTape's 2-word keys
            byte[] secret = new byte[32];
            r.nextBytes(secret);
            Detector d = new Detector(WatermarkKey.fromSecret(secret, scheme, qwen.ref(), Instant.EPOCH), qwen, 1e-6);
            for (int length : new int[] {300, 40_000, 120, 120, 5, 3000, 2, 700}) {
                int[] ids = new int[length];
                for (int i = 0; i < length; i++) {
                    ids[i] = i > 10 && r.nextInt(4) == 0 ? ids[i - 1 - r.nextInt(10)] : r.nextInt(qwen.vocabSize());
                    if (i > 40 && r.nextInt(30) == 0) { // a repeated passage: every tuple inside it repeats
                        int from = r.nextInt(i - 20);
                        for (int j = 0; j < 20 && i + 1 < length; j++) {
                            ids[++i] = ids[from + j];
                        }
                    }
                }
                PooledDetector fresh = new PooledDetector(d); // a new tape for this one text
                fresh.addIds(ids);
                Detection expected = fresh.result();
                if (length > 1000) {
                    assertTrue(expected.tokensScored() < 0.9 * length, "the text repeats tuples: " + expected);
                }
                for (int twice = 0; twice < 2; twice++) { // the same tuples again: a stale tape would skip them
                    Detection got = d.detectIds(ids);
                    assertEquals(expected.tokensScored(), got.tokensScored(), scheme + ", length " + length);
                    assertEquals(expected.score(), got.score(), scheme + ", length " + length);
                    assertEquals(expected.log10PValue(), got.log10PValue(), scheme + ", length " + length);
                }
            }
        }
    }

    @Test
    void allGreenIds_areWatermarked_withExactBinomialTail() {
        Detector d = new Detector(key, qwen, 1e-6);
        int[] ids = sequence(202, true, key, new SplittableRandom(3));
        Detection r = d.detectIds(ids);
        assertEquals(200, r.tokensScored()); // first h = 2 tokens have no full window
        assertEquals(200, r.score());
        assertEquals(200 * Math.log10(0.25), r.log10PValue(), 1e-9);
        assertEquals(Verdict.WATERMARKED, r.verdict());
    }

    @Test
    void allRedIds_areNotDetected_withPValueOne() {
        Detection r = new Detector(key, qwen, 1e-6).detectIds(sequence(100, false, key, new SplittableRandom(4)));
        assertEquals(0, r.score());
        assertEquals(0.0, r.log10PValue(), 0.0);
        assertEquals(1.0, r.pValue(), 0.0);
        assertEquals(Verdict.NOT_DETECTED, r.verdict());
    }

    @Test
    void repeatedWindows_areScoredOncePerText() {
        Detector d = new Detector(key, qwen, 1e-6);
        int[] unit = sequence(40, true, key, new SplittableRandom(5));
        int[] repeated = new int[unit.length * 10];
        for (int i = 0; i < 10; i++) {
            System.arraycopy(unit, 0, repeated, i * unit.length, unit.length);
        }
        Detection once = d.detectIds(unit);
        Detection ten = d.detectIds(repeated);
        // Copy-pasting a text ten times adds only the tuples that straddle the seams, never 10x evidence.
        assertTrue(ten.tokensScored() <= once.tokensScored() + 2, ten.tokensScored() + " vs " + once.tokensScored());
        assertEquals(naiveDistinctTuples(repeated, 2), ten.tokensScored());
    }

    @Test
    void repetitiveHumanText_doesNotLookWatermarked() {
        Detector d = new Detector(key, qwen, 1e-6);
        Detection r = d.detect("All work and no play makes Jack a dull boy. ".repeat(400));
        assertTrue(r.tokensScored() < 30, "dedup must collapse the repetition: T = " + r.tokensScored());
        assertTrue(r.verdict() != Verdict.WATERMARKED);
    }

    @Test
    void emptyAndShortTexts_areTooShort() {
        Detector d = new Detector(key, qwen, 1e-6);
        Detection empty = d.detect("");
        assertEquals(0, empty.tokensTotal());
        assertEquals(0, empty.tokensScored());
        assertEquals(0.0, empty.log10PValue(), 0.0);
        assertEquals(Verdict.TOO_SHORT, empty.verdict());
        Detection shortGreen = d.detectIds(sequence(17, true, key, new SplittableRandom(6)));
        assertEquals(15, shortGreen.tokensScored());
        assertEquals(Verdict.TOO_SHORT, shortGreen.verdict(), "15 scored tokens is below the 16 minimum");
    }

    @Test
    void pValue_isRecomputableFromReportedCounts() {
        Detection r = new Detector(key, qwen, 1e-6).detect("The quick brown fox jumps over the lazy dog. " + "It was a bright cold day in April, and the clocks were striking thirteen.");
        assertEquals(ExactTails.log10BinomialUpperTail(r.tokensScored(), (long) r.score(), 0.25), r.log10PValue(), 0.0);
        assertEquals(0.25, ((Number) r.scheme().get("gamma")).doubleValue());
        assertEquals(key.keyId(), r.keyId());
        assertTrue(r.toJson("x").keySet().containsAll(List.of("id", "key_id", "scheme", "tokenizer", "tokens_total",
                "tokens_scored", "score", "p_value", "log10_p_value", "alpha", "verdict")));
    }

    @Test
    void foreignTokenizer_orBadAlpha_isRefused() {
        WatermarkKey other = WatermarkKey.generate(Schemes.KGW_V1, new TokenizerRef("qwen3", "ee".repeat(32), 151669),
                new SecureRandom());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Detector(other, qwen, 1e-6)).getMessage()
                .contains("not the tokenizer of key"));
        assertThrows(IllegalArgumentException.class, () -> new Detector(key, qwen, 0));
        assertThrows(IllegalArgumentException.class, () -> new Detector(key, qwen, 1.5));
    }

    @Test
    void nfcNormalisation_makesComposedAndDecomposedTextScoreAlike() {
        Detector d = new Detector(key, qwen, 1e-6);
        String composed = "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, na\u00efve fa\u00e7ade, r\u00e9sum\u00e9 and more words here to score.";
        String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
        assertTrue(!composed.equals(decomposed));
        Detection a = d.detect(composed);
        Detection b = d.detect(decomposed);
        assertEquals(a.tokensScored(), b.tokensScored());
        assertEquals(a.score(), b.score());
    }

    static long naiveDistinctTuples(int[] ids, int h) {
        Set<List<Integer>> s = new HashSet<>();
        for (int t = h; t < ids.length; t++) {
            java.util.ArrayList<Integer> tuple = new java.util.ArrayList<>();
            for (int i = t - h; i <= t; i++) {
                tuple.add(ids[i]);
            }
            s.add(tuple);
        }
        return s.size();
    }
}
