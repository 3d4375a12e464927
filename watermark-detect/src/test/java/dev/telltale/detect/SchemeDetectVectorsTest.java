package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.GumbelParameters;
import dev.telltale.core.KgwSelfHashParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.SynthIdParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.UnigramParameters;
import dev.telltale.core.WatermarkKey;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detection of the native schemes on fixed id sequences with many repeats against
 * {@code testdata/vectors/schemes.json} (independent Python implementation of the scores, the dedup and mask
 * rules, and exact tails): T and S exactly, log10 p to 1e-9 relative.
 */
class SchemeDetectVectorsTest {
    private static JsonNode vectors;
    private static TextTokenizer qwen;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SchemeDetectVectorsTest.class.getClassLoader()
                .getResourceAsStream("telltale-testdata/vectors/schemes.json")) {
            assertNotNull(in, "schemes.json must be on the test classpath");
            vectors = new ObjectMapper().readTree(in);
        }
        qwen = Tokenizers.load("qwen3");
    }

    private static void check(String field, java.util.function.Function<JsonNode, SchemeParameters> params) {
        int checked = 0;
        for (JsonNode c : vectors.path("cases")) {
            JsonNode s = c.path(field);
            WatermarkKey key = WatermarkKey.fromSecret(HexFormat.of().parseHex(c.path("secret_hex").asText()), params.apply(s),
                    qwen.ref(), Instant.EPOCH);
            Detector d = new Detector(key, qwen, 1e-6);
            for (JsonNode v : s.path("detect")) {
                JsonNode arr = v.path("ids");
                int[] ids = new int[arr.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = arr.get(i).asInt();
                }
                Detection r = d.detectIds(ids);
                String what = field + " case " + checked;
                assertEquals(v.path("tokens_scored").asLong(), r.tokensScored(), what + ": T");
                double s0 = v.path("score").asDouble();
                assertEquals(s0, r.score(), 1e-12 * Math.max(1, s0), what + ": score");
                double lp = v.path("log10_p").asDouble();
                assertEquals(lp, r.log10PValue(), 1e-9 * Math.max(1e-3, Math.abs(lp)), what + ": log10 p");
                checked++;
            }
        }
        assertTrue(checked >= 9, "too few vectors for " + field);
    }

    @Test
    void unigram_scoresDistinctTokens() {
        check("unigram", s -> new UnigramParameters(s.path("gamma").asDouble(), 2.0));
    }

    @Test
    void selfHash_scoresDistinctPrfInputs() {
        check("kgw_selfhash", s -> new KgwSelfHashParameters(s.path("gamma").asDouble(), 2.0, s.path("context_width").asInt()));
    }

    @Test
    void gumbel_scoresDistinctTuples_withTheGammaTail() {
        check("gumbel", s -> new GumbelParameters(s.path("context_width").asInt()));
    }

    @Test
    void synthId_masksRepeatedWindows_withTheBinomialTail() {
        check("synthid", s -> new SynthIdParameters(s.path("layers").asInt(), s.path("context_width").asInt()));
    }
}
