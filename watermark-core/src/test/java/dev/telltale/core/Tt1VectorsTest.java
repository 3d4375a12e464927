package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.internal.SipHash24;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tt1 PRF against vectors made by the independent pure-Python implementation in
 * {@code testdata/scripts/tt1_vectors.py}.
 */
class Tt1VectorsTest {
    private static final TokenizerRef TOK = new TokenizerRef("qwen3", "0".repeat(64), 151669);
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = Tt1VectorsTest.class.getClassLoader().getResourceAsStream("telltale-testdata/vectors/tt1.json")) {
            assertNotNull(in, "tt1.json must be on the test classpath");
            vectors = new ObjectMapper().readTree(in);
        }
        assertEquals("tt1", vectors.path("prf").asText());
    }

    private static WatermarkKey key(JsonNode c) {
        return WatermarkKey.fromSecret(HexFormat.of().parseHex(c.path("secret_hex").asText()), Schemes.KGW_V1, TOK,
                Instant.EPOCH);
    }

    private static int[] ids(JsonNode arr) {
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
    void keyIdAndPrfKey_matchVectors() {
        assertTrue(vectors.path("cases").size() >= 4);
        for (JsonNode c : vectors.path("cases")) {
            WatermarkKey k = key(c);
            assertEquals(c.path("key_id").asText(), k.keyId());
            assertEquals(hex(c.path("prf_k0")), k.prf().k0());
            assertEquals(hex(c.path("prf_k1")), k.prf().k1());
            for (JsonNode s : c.path("subkeys")) {
                assertEquals(s.path("hex").asText(), HexFormat.of().formatHex(k.deriveSubkey(s.path("info").asText(), 32)));
            }
        }
    }

    @Test
    void seeds_matchVectors_forEveryContextWidth() {
        int checked = 0;
        for (JsonNode c : vectors.path("cases")) {
            Tt1Prf prf = key(c).prf();
            for (JsonNode s : c.path("seeds")) {
                int[] ctx = ids(s.path("context"));
                assertEquals(hex(s.path("seed")), prf.seed(ctx, 0, ctx.length), "seed of " + s.path("context"));
                checked++;
            }
        }
        assertTrue(checked >= 20, "too few seed vectors: " + checked);
    }

    @Test
    void valuesUniformsAndGreenBits_matchVectors() {
        int checked = 0;
        for (JsonNode c : vectors.path("cases")) {
            Tt1Prf prf = key(c).prf();
            for (JsonNode v : c.path("values")) {
                int[] ctx = ids(v.path("context"));
                long seed = prf.seed(ctx, 0, ctx.length);
                assertEquals(hex(v.path("seed")), seed);
                long u = Tt1Prf.value(seed, v.path("token").asInt());
                assertEquals(hex(v.path("u")), u, "u for token " + v.path("token"));
                assertEquals(v.path("uniform").asDouble(), Tt1Prf.uniform(u), 0.0);
                for (Map.Entry<String, JsonNode> g : (Iterable<Map.Entry<String, JsonNode>>) v.path("green")::fields) {
                    long thr = Tt1Prf.greenThreshold(Double.parseDouble(g.getKey()));
                    assertEquals(g.getValue().asBoolean(), Tt1Prf.isGreen(u, thr), "green@" + g.getKey());
                }
                checked++;
            }
        }
        assertTrue(checked >= 100, "too few value vectors: " + checked);
    }

    @Test
    void greenCountOverFullQwenVocabulary_matchesVector() {
        JsonNode p = vectors.path("green_fraction_check_params");
        WatermarkKey k = WatermarkKey.fromSecret(HexFormat.of().parseHex(p.path("secret_hex").asText()), Schemes.KGW_V1,
                TOK, Instant.EPOCH);
        int[] ctx = ids(p.path("context"));
        long seed = k.prf().seed(ctx, 0, ctx.length);
        long thr = Tt1Prf.greenThreshold(p.path("gamma").asDouble());
        int green = 0;
        for (int v = 0; v < p.path("vocab_size").asInt(); v++) {
            green += Tt1Prf.isGreen(Tt1Prf.value(seed, v), thr) ? 1 : 0;
        }
        assertEquals(vectors.path("green_fraction_check").asInt(), green);
    }

    @Test
    void sipHash_matchesBouncyCastle_onTokenWindows() {
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) {
            key[i] = (byte) i;
        }
        long k0 = Tt1Prf.leLong(key, 0);
        long k1 = Tt1Prf.leLong(key, 8);
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        for (int trial = 0; trial < 500; trial++) {
            int[] words = new int[r.nextInt(0, 9)];
            byte[] msg = new byte[words.length * 8];
            for (int i = 0; i < words.length; i++) {
                words[i] = r.nextInt(0, Integer.MAX_VALUE);
                for (int b = 0; b < 8; b++) {
                    msg[i * 8 + b] = (byte) ((((long) words[i]) >>> (8 * b)) & 0xFF);
                }
            }
            SipHash bc = new SipHash(2, 4);
            bc.init(new KeyParameter(key));
            bc.update(msg, 0, msg.length);
            assertEquals(bc.doFinal(), SipHash24.hashWords(k0, k1, words, 0, words.length));
        }
    }

    @Test
    void greenFraction_overManyKeysAndContexts_isGamma() {
        // Null property of the PRF itself: over 200 keys x 50 contexts x 2,000 tokens, P(green) = γ.
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        double gamma = 0.25;
        long thr = Tt1Prf.greenThreshold(gamma);
        long green = 0;
        long n = 0;
        for (int k = 0; k < 200; k++) {
            byte[] secret = new byte[32];
            r.nextBytes(secret);
            Tt1Prf prf = WatermarkKey.fromSecret(secret, Schemes.KGW_V1, TOK, Instant.EPOCH).prf();
            for (int c = 0; c < 50; c++) {
                long seed = prf.seed(new int[] {r.nextInt(151669), r.nextInt(151669)}, 0, 2);
                for (int v = 0; v < 2000; v++) {
                    green += Tt1Prf.isGreen(Tt1Prf.value(seed, r.nextInt(151669)), thr) ? 1 : 0;
                    n++;
                }
            }
        }
        double frac = (double) green / n;
        double sd = Math.sqrt(gamma * (1 - gamma) / n);
        // 5 standard deviations: a false alarm once in ~3.5 million runs
        assertEquals(gamma, frac, 5 * sd, "green fraction " + frac + " over " + n + " draws");
    }
}
