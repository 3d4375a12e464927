package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.ExactTails;
import dev.telltale.core.KgwSelfHash;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dedup and mask rules of the native schemes, and the detect JSON they produce. */
class SchemeScorersTest {
    private static TextTokenizer qwen;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
    }

    private static WatermarkKey key(SchemeParameters p, long seed) {
        byte[] s = new byte[32];
        new SplittableRandom(seed).nextBytes(s);
        return WatermarkKey.fromSecret(s, p, qwen.ref(), Instant.EPOCH);
    }

    @Test
    void unigram_repeatedTokensCountOnce() {
        Detector d = new Detector(key(Schemes.UNIGRAM_V1, 1), qwen, 1e-6);
        Detection r = d.detectIds(new int[] {5, 6, 5, 5, 7, 6, 8});
        assertEquals(4, r.tokensScored());
        assertEquals(7, r.tokensTotal());
    }

    @Test
    void selfHash_sameTokenSelfAnchoredInDifferentWindows_isScoredOnce() {
        WatermarkKey k = key(Schemes.KGW_SELFHASH_V1, 2);
        KgwSelfHash hash = new KgwSelfHash(k.prf());
        // a token whose own hash is below every other token used here anchors its own seed in any window
        int anchor = -1;
        long best = -1L;
        for (int v = 0; v < 2000; v++) {
            if (Long.compareUnsigned(hash.anchor(v), best) < 0) {
                best = hash.anchor(v);
                anchor = v;
            }
        }
        int[] ids = {1000, 1001, 1002, anchor, 1003, 1004, 1005, anchor, 1006, 1007, 1008, anchor};
        Detection r = new Detector(k, qwen, 1e-6).detectIds(ids);
        // positions 3..11 are 9 distinct (window, token) tuples; the three anchor positions all have the PRF
        // input (H(anchor), anchor), and the six others (anchor in the window) (H(anchor), their own token)
        int expected = 9 - 2;
        assertEquals(expected, r.tokensScored());
    }

    @Test
    void synthId_repeatedWindowIsMasked_whateverTheToken() {
        WatermarkKey k = key(Schemes.SYNTHID_V1, 3);
        int[] ids = {10, 11, 12, 13, 14, 10, 11, 12, 13, 99, 20};
        Detection r = new Detector(k, qwen, 1e-6).detectIds(ids);
        // windows ending at 4..10: (10..13) at 4, (11..14) 5, (12,13,14,10) 6, (13,14,10,11) 7, (14,10,11,12) 8,
        // (10..13) again at 9 -> masked, (11,12,13,99) 10
        assertEquals(6, r.tokensScored());
        double s = 0;
        for (int t : new int[] {4, 5, 6, 7, 8, 10}) {
            s += Schemes.SYNTHID_V1.gSum(Tt1Prf.value(k.prf().seed(ids, t - 4, t), ids[t]));
        }
        assertEquals(s, r.score());
        assertEquals(ExactTails.log10BinomialUpperTail(6 * 30, (long) s, 0.5), r.log10PValue(), 1e-12);
    }

    @Test
    void detectJson_statesTheScoreDefinition_andCarriesWhatRecomputesP() {
        SplittableRandom rnd = new SplittableRandom(5);
        int[] ids = new int[300];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(qwen.vocabSize());
        }
        for (SchemeParameters p : new SchemeParameters[] {Schemes.UNIGRAM_V1, Schemes.KGW_SELFHASH_V1, Schemes.GUMBEL_V1,
                Schemes.SYNTHID_V1}) {
            Detection r = new Detector(key(p, 6), qwen, 1e-6).detectIds(ids);
            Map<String, Object> json = r.toJson("x");
            assertEquals(p.schemeId(), json.get("scheme"));
            assertEquals(p.toJson(), json.get("scheme_params"));
            String def = (String) json.get("score_definition");
            assertTrue(def != null && def.contains("p = "), def);
            long t = (Long) json.get("tokens_scored");
            double score = (Double) json.get("score");
            double recomputed = switch (p.schemeId()) {
                case "gumbel" -> ExactTails.log10GammaUpperTail(t, score);
                case "synthid" -> ExactTails.log10BinomialUpperTail(t * ((Number) p.toJson().get("layers")).longValue(),
                        Math.round(score), 0.5);
                default -> ExactTails.log10BinomialUpperTail(t, Math.round(score), ((Number) p.toJson().get("gamma")).doubleValue());
            };
            assertEquals(recomputed, (Double) json.get("log10_p_value"), 1e-12, p.schemeId());
            assertTrue(t > 100, p.schemeId() + " scored " + t);
        }
    }
}
