package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.WatermarkKey;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracing against testdata/vectors/accounts.json (independent Python, testdata/scripts/account_vectors.py): on
 * id sequences with repeated passages, the deduplicated counts per code position, the agreement-bound p-value
 * of a named account (every subset of positions enumerated in Python) and of its neighbour, the registry
 * scheme's counts and tail; and the decoder naming the account with p = bound × N.
 */
class AccountTraceVectorsTest {
    private static JsonNode doc;
    private static final TokenizerRef TOK = new TokenizerRef("qwen3", "00".repeat(32), 151669);

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = AccountTraceVectorsTest.class.getClassLoader()
                .getResourceAsStream("telltale-testdata/vectors/accounts.json")) {
            assertNotNull(in, "accounts.json must be on the test classpath (telltale-testdata)");
            doc = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void codeScheme_countsAndAgreementBound_matchTheReference_andTraceNamesTheAccount() {
        for (JsonNode c : doc.get("cases")) {
            WatermarkKey key = key(c, doc.get("code_scheme"));
            AccountTracer tracer = AccountTracers.forKey(key, 1e-6);
            JsonNode t = c.get("code_trace");
            int[] ids = ids(t.get("ids"));
            check(t.get("result"), tracer.testAccount(ids, t.get("account").asLong()));
            check(t.get("neighbour_result"), tracer.testAccount(ids, t.get("neighbour").asLong()));
            AccountAttribution a = tracer.trace(ids);
            assertEquals(t.get("account").asLong(), a.candidate());
            assertEquals(Math.min(0, t.get("result").get("log10_p").asDouble() + 6), a.log10PValue(), 1e-9);
            assertTrue(a.attributed());
        }
    }

    @Test
    void keyedScheme_countsAndTail_matchTheReference() {
        for (JsonNode c : doc.get("cases")) {
            JsonNode t = c.get("keyed_trace");
            AccountTracer tracer = AccountTracers.forKey(key(c, doc.get("keys_scheme")), 1e-6);
            int[] ids = ids(t.get("ids"));
            check(t.get("result"), tracer.testAccount(ids, t.get("account").asLong()));
            AccountAttribution a = tracer.trace(ids);
            assertEquals(t.get("account").asLong(), a.candidate());
            assertEquals(Math.min(0, t.get("result").get("log10_p").asDouble() + 3), a.log10PValue(), 1e-9);
        }
    }

    private static void check(JsonNode expected, AccountAttribution got) {
        assertEquals(expected.get("tokens_scored").asLong(), got.tokensScored());
        assertEquals(expected.get("matches").asLong(), got.matches());
        double e = expected.get("log10_p").asDouble();
        assertEquals(e, got.log10PValue(), 1e-9 * Math.max(1, Math.abs(e)));
    }

    private static WatermarkKey key(JsonNode c, JsonNode scheme) {
        return WatermarkKey.fromSecret(HexFormat.of().parseHex(c.get("secret_hex").asText()), Schemes.fromJson(scheme), TOK,
                Instant.EPOCH);
    }

    private static int[] ids(JsonNode n) {
        int[] ids = new int[n.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = n.get(i).asInt();
        }
        return ids;
    }
}
