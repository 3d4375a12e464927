package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.KgwSelfHashParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.UnigramParameters;
import dev.telltale.core.WatermarkKey;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Embed steps of the native schemes against {@code testdata/vectors/schemes.json} (independent Python
 * implementation, {@code testdata/scripts/scheme_vectors.py}): which logits get +δ, which token Gumbel-max
 * picks, and the SynthID tournament's output distribution.
 */
class SchemeEmbedVectorsTest {
    private static final TokenizerRef TOK = new TokenizerRef("qwen3", "0".repeat(64), 151669);
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SchemeEmbedVectorsTest.class.getClassLoader()
                .getResourceAsStream("telltale-testdata/vectors/schemes.json")) {
            assertNotNull(in, "schemes.json must be on the test classpath");
            vectors = new ObjectMapper().readTree(in);
        }
    }

    private static WatermarkKey key(JsonNode c, dev.telltale.core.SchemeParameters p) {
        return WatermarkKey.fromSecret(HexFormat.of().parseHex(c.path("secret_hex").asText()), p, TOK, Instant.EPOCH);
    }

    private static int[] ids(JsonNode arr) {
        int[] r = new int[arr.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = arr.get(i).asInt();
        }
        return r;
    }

    private static double[] doubles(JsonNode arr) {
        double[] r = new double[arr.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = arr.get(i).asDouble();
        }
        return r;
    }

    @Test
    void unigram_addsDeltaExactlyToTheVectorGreenTokens() {
        for (JsonNode c : vectors.path("cases")) {
            UnigramParameters p = new UnigramParameters(c.path("unigram").path("gamma").asDouble(), 2.0);
            LogitsProcessor e = Embedders.forKey(key(c, p));
            float[] logits = new float[TOK.vocabSize()];
            e.process(new int[] {1, 2, 3}, 3, logits);
            for (JsonNode g : c.path("unigram").path("green")) {
                assertEquals(g.path("green").asBoolean() ? 2.0f : 0f, logits[g.path("token").asInt()], "token " + g.path("token"));
            }
        }
    }

    @Test
    void selfHash_addsDeltaExactlyToTheVectorGreenCandidates() {
        for (JsonNode c : vectors.path("cases")) {
            JsonNode s = c.path("kgw_selfhash");
            KgwSelfHashParameters p = new KgwSelfHashParameters(s.path("gamma").asDouble(), 2.0, s.path("context_width").asInt());
            LogitsProcessor e = Embedders.forKey(key(c, p));
            int checked = 0;
            for (JsonNode g : s.path("green")) {
                int[] w = ids(g.path("window"));
                float[] logits = new float[TOK.vocabSize()];
                e.process(w, w.length, logits, SamplingConfig.DEFAULT);
                assertEquals(g.path("green").asBoolean() ? 2.0f : 0f, logits[g.path("token").asInt()], g.toString());
                checked++;
            }
            assertTrue(checked > 20);
        }
    }

    @Test
    void gumbel_picksTheVectorToken() {
        int checked = 0;
        for (JsonNode c : vectors.path("cases")) {
            WatermarkKey k = key(c, Schemes.GUMBEL_V1);
            for (JsonNode ch : c.path("gumbel").path("choices")) {
                int[] w = ids(ch.path("window"));
                double[] weights = doubles(ch.path("weights"));
                assertEquals(ch.path("token").asInt(), GumbelEmbedder.argmax(k.prf().seed(w, 0, w.length), weights), ch.toString());
                // through the selector hook as the generator calls it (the window is new, so it is watermarked)
                double total = java.util.Arrays.stream(weights).sum();
                TokenSelector sel = (TokenSelector) Embedders.forKey(k);
                assertEquals(ch.path("token").asInt(), sel.select(w, w.length, weights.clone(), total, new java.util.SplittableRandom(1)));
                checked++;
            }
        }
        assertTrue(checked >= 12);
    }

    @Test
    void synthId_tournamentOutput_matchesVectorDistribution() {
        int checked = 0;
        for (JsonNode c : vectors.path("cases")) {
            WatermarkKey k = key(c, Schemes.SYNTHID_V1);
            for (JsonNode t : c.path("synthid").path("tournaments")) {
                int[] w = ids(t.path("window"));
                double[] weights = doubles(t.path("weights"));
                double[] expected = doubles(t.path("output"));
                double total = new SynthIdTournament().apply(k.prf().seed(w, 0, w.length), weights, t.path("layers").asInt());
                for (int v = 0; v < expected.length; v++) {
                    double got = weights[v] / total;
                    assertEquals(expected[v], got, 1e-12 * Math.max(expected[v], 1e-3), "token " + v + " of " + expected.length);
                }
                checked++;
            }
        }
        assertTrue(checked >= 9);
    }
}
