package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The keyed functions of the native schemes against vectors made by the independent pure-Python
 * implementation in {@code testdata/scripts/scheme_vectors.py}: bit for bit for every integer, to the last
 * bit or ulp for floating-point values.
 */
class SchemeVectorsTest {
    private static final TokenizerRef TOK = new TokenizerRef("qwen3", "0".repeat(64), 151669);
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SchemeVectorsTest.class.getClassLoader()
                .getResourceAsStream("telltale-testdata/vectors/schemes.json")) {
            assertNotNull(in, "schemes.json must be on the test classpath");
            vectors = new ObjectMapper().readTree(in);
        }
        assertEquals("tt1", vectors.path("prf").asText());
        assertTrue(vectors.path("cases").size() >= 3);
    }

    private static Tt1Prf prf(JsonNode c) {
        return WatermarkKey.fromSecret(HexFormat.of().parseHex(c.path("secret_hex").asText()), Schemes.KGW_V1, TOK,
                Instant.EPOCH).prf();
    }

    static int[] ids(JsonNode arr) {
        int[] r = new int[arr.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = arr.get(i).asInt();
        }
        return r;
    }

    private static long hex(JsonNode n) {
        return Long.parseUnsignedLong(n.asText(), 16);
    }

    @Test
    void unigram_fixedSeedAndGreenList_matchVectors() {
        for (JsonNode c : vectors.path("cases")) {
            long s0 = prf(c).seed(new int[0], 0, 0);
            assertEquals(hex(c.path("s0")), s0);
            long thr = Tt1Prf.greenThreshold(c.path("unigram").path("gamma").asDouble());
            for (JsonNode g : c.path("unigram").path("green")) {
                long u = Tt1Prf.value(s0, g.path("token").asInt());
                assertEquals(hex(g.path("u")), u);
                assertEquals(g.path("green").asBoolean(), Tt1Prf.isGreen(u, thr));
            }
        }
    }

    @Test
    void selfHash_anchorsMinHashSeedsAndGreenBits_matchVectors() {
        int checked = 0;
        for (JsonNode c : vectors.path("cases")) {
            KgwSelfHash hash = new KgwSelfHash(prf(c));
            JsonNode s = c.path("kgw_selfhash");
            int h = s.path("context_width").asInt();
            long thr = Tt1Prf.greenThreshold(s.path("gamma").asDouble());
            for (JsonNode g : s.path("green")) {
                int[] w = ids(g.path("window"));
                assertEquals(h, w.length);
                int v = g.path("token").asInt();
                assertEquals(hex(g.path("anchor")), hash.anchor(v));
                long seed = KgwSelfHash.seed(hash.windowMin(w, 0, w.length), hash.anchor(v));
                assertEquals(hex(g.path("seed")), seed, "seed of " + g);
                int[] seq = java.util.Arrays.copyOf(w, h + 1);
                seq[h] = v;
                assertEquals(seed, hash.seedAt(seq, h, h));
                long u = Tt1Prf.value(seed, v);
                assertEquals(hex(g.path("u")), u);
                assertEquals(g.path("green").asBoolean(), Tt1Prf.isGreen(u, thr));
                checked++;
            }
        }
        assertTrue(checked >= 90, "too few selfhash vectors: " + checked);
    }

    @Test
    void gumbel_uniformsAndScores_matchVectors() {
        for (JsonNode c : vectors.path("cases")) {
            Tt1Prf prf = prf(c);
            for (JsonNode g : c.path("gumbel").path("values")) {
                int[] w = ids(g.path("window"));
                long seed = prf.seed(w, 0, w.length);
                int v = g.path("token").asInt();
                assertEquals(g.path("r").asDouble(), GumbelParameters.uniform(seed, v), 0.0);
                double expected = g.path("score").asDouble();
                // −log1p(−r): Java's and C's log1p may differ in the last ulp
                assertEquals(expected, GumbelParameters.score(seed, v), 2 * Math.ulp(expected));
            }
        }
    }

    @Test
    void synthId_gValuesAreTheLowBitsOfU_matchVectors() {
        SynthIdParameters p = Schemes.SYNTHID_V1;
        for (JsonNode c : vectors.path("cases")) {
            Tt1Prf prf = prf(c);
            assertEquals(p.layers(), c.path("synthid").path("layers").asInt());
            for (JsonNode g : c.path("synthid").path("g_values")) {
                int[] w = ids(g.path("window"));
                long u = Tt1Prf.value(prf.seed(w, 0, w.length), g.path("token").asInt());
                assertEquals(hex(g.path("u")), u);
                int sum = 0;
                for (int l = 0; l < p.layers(); l++) {
                    int bit = (int) ((u >>> l) & 1);
                    assertEquals(g.path("g").get(l).asInt(), bit, "layer " + l);
                    sum += bit;
                }
                assertEquals(sum, p.gSum(u));
            }
        }
    }
}
