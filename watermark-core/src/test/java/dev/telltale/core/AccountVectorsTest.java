package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account PRF and code against testdata/vectors/accounts.json, written by an independent Python
 * implementation (testdata/scripts/account_vectors.py) from docs/attribution.md: context seeds, code positions,
 * symbol list seeds and memberships, per-account HKDF sub-keys, Reed–Solomon codewords.
 */
class AccountVectorsTest {
    private static JsonNode doc;
    private static final TokenizerRef TOK = new TokenizerRef("qwen3", "00".repeat(32), 151669);

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = AccountVectorsTest.class.getClassLoader().getResourceAsStream("telltale-testdata/vectors/accounts.json")) {
            assertNotNull(in, "accounts.json must be on the test classpath (telltale-testdata)");
            doc = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void contextSeeds_slots_symbolSeeds_andMemberships_matchTheReference() {
        long threshold = Tt1Prf.greenThreshold(0.25);
        int checked = 0;
        for (JsonNode c : doc.get("cases")) {
            AccountPrf prf = AccountPrf.of(key(c));
            for (JsonNode w : c.get("windows")) {
                int[] window = {w.get("window").get(0).asInt(), w.get("window").get(1).asInt()};
                long a = prf.contextSeed(window, 0, 2);
                assertEquals(w.get("a").asText(), hex(a));
                int slot = AccountPrf.slot(a, 32);
                assertEquals(w.get("slot_32").asInt(), slot);
                assertEquals(w.get("slot_16").asInt(), AccountPrf.slot(a, 16));
                int m = 0;
                for (int s = 0; s < 4; s++) {
                    long seed = AccountPrf.symbolSeed(a, slot, s);
                    assertEquals(w.get("symbol_seeds").get(s).asText(), hex(seed));
                    for (int v : new int[] {0, 1, 151668}) {
                        assertEquals(w.get("members").get(m++).asBoolean(), Tt1Prf.isGreen(Tt1Prf.value(seed, v), threshold));
                        checked++;
                    }
                }
            }
            for (JsonNode k : c.get("account_keys")) {
                assertEquals(k.get("key").asText(), hex(prf.accountKey(k.get("id").asLong())));
            }
        }
        assertEquals(3 * 4 * 12, checked);
    }

    @Test
    void codewords_matchTheReference() {
        for (JsonNode code : doc.get("codes")) {
            AccountCode c = new AccountCode(code.get("symbol_bits").asInt(), code.get("code_length").asInt(),
                    code.get("message_symbols").asInt());
            for (JsonNode w : code.get("words")) {
                int[] expected = new int[c.length()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = w.get("codeword").get(i).asInt();
                }
                assertArrayEquals(expected, c.encode(w.get("id").asLong()), "id " + w.get("id"));
                assertEquals(w.get("id").asLong(), c.message(expected));
            }
        }
    }

    private static WatermarkKey key(JsonNode c) {
        return WatermarkKey.fromSecret(HexFormat.of().parseHex(c.get("secret_hex").asText()), AccountCodeParameters.V1, TOK,
                Instant.EPOCH);
    }

    private static String hex(long v) {
        return String.format("%016x", v);
    }
}
