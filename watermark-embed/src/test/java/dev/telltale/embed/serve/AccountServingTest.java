package dev.telltale.embed.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountListSeed;
import dev.telltale.core.AccountPrf;
import dev.telltale.core.AccountScheme;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.AccountEmbedder;
import dev.telltale.embed.LogitsProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving an account key: each bearer API key maps to an account id of the key's space and every response
 * carries that account's component (recomputed here from the PRF contract: the share of scored tokens in the
 * account's list is far above γ_a for the caller's account and near γ_a for the other), checked at start-up,
 * recorded in the served log. Tracing by {@code AccountTracers} is tested where detection is on the classpath
 * ({@code CliServeModelTest}, {@code AccountDistillationSimulationTest}).
 */
class AccountServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static WatermarkKey accountKey(AccountScheme scheme, long seed) {
        byte[] secret = new byte[32];
        new SplittableRandom(seed).nextBytes(secret);
        return WatermarkKey.fromSecret(secret, scheme, ServedModels.TOKENIZER.ref(), Instant.EPOCH);
    }

    @Test
    void apiKeysFile_mapsKeysToAccountIds_andRefusesConflictingOrMalformedIds(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("keys.txt");
        Files.writeString(f, "# KEY ACCOUNT ACCOUNT_ID\nsk-acme-prod-0001 acme 7\nsk-acme-ci-00002 acme 7\nsk-globex-00003 globex 8\n"
                + "sk-initech-0004 initech\n");
        ApiKeys keys = ApiKeys.read(f);
        assertEquals(4, keys.size());
        assertEquals(2, keys.accountIds());
        assertTrue(keys.hasAccountIds());
        assertEquals(7L, keys.authenticate("Bearer sk-acme-ci-00002").accountId());
        assertEquals("globex", keys.authenticate("Bearer sk-globex-00003").account());
        assertNull(keys.authenticate("Bearer sk-initech-0004").accountId());
        String[][] bad = {
            {"sk-acme-prod-0001 acme 7\nsk-acme-ci-00002 acme 9\n", ":2:", "already has id 7"},
            {"sk-acme-prod-0001 acme 7\nsk-globex-00003 globex 7\n", ":2:", "already belongs to account 'acme'"},
            {"acmecorp 5 sk-swapped-columns-key\n", ":1:", "whole number"},
            {"sk-acme-prod-0001 acme 99999999999999999999\n", ":1:", "whole number"},
            {"sk-acme-prod-0001 acme 7 extra\n", ":1:", "KEY [ACCOUNT [ACCOUNT_ID]]"},
        };
        for (String[] b : bad) {
            Files.writeString(f, b[0]);
            String msg = assertThrows(IllegalArgumentException.class, () -> ApiKeys.read(f)).getMessage();
            assertTrue(msg.contains(b[1]) && msg.contains(b[2]), msg);
            assertFalse(msg.contains("sk-"), "an API key in the message: " + msg);
        }
    }

    @Test
    void accountKey_refusesToStart_withoutApiKeys_orWithAKeyWithoutAnId_orAnIdOutsideTheSpace(@TempDir Path dir) throws Exception {
        WatermarkKey key = accountKey(new AccountCodeParameters(0.25, 2.0, 2, 0.25, 2.0, 1000, 5, 32), 1);
        String open = assertThrows(IllegalArgumentException.class, () -> WatermarkPolicy.forKey(key, ApiKeys.open())).getMessage();
        assertTrue(open.contains("API keys mapped to account ids"), open);
        Path f = dir.resolve("keys.txt");
        Files.writeString(f, "sk-acme-prod-0001 acme 7\n\nsk-globex-00003 globex 1000\n");
        String outside = assertThrows(IllegalArgumentException.class, () -> WatermarkPolicy.forKey(key, ApiKeys.read(f))).getMessage();
        assertTrue(outside.contains(":3:") && outside.contains("account id 1000 is outside the account space [0, 1000)"), outside);
        Files.writeString(f, "sk-acme-prod-0001 acme 7\nsk-globex-00003 globex\n");
        String none = assertThrows(IllegalArgumentException.class, () -> WatermarkPolicy.forKey(key, ApiKeys.read(f))).getMessage();
        assertTrue(none.contains(":2:") && none.contains("no account id"), none);
        for (String m : List.of(open, outside, none)) {
            assertFalse(m.contains("sk-") || m.contains("\n"), m);
        }
        // a key without accounts keeps one processor for every caller and ignores the ids
        Files.writeString(f, "sk-acme-prod-0001 acme 7\n");
        LogitsProcessor p = WatermarkPolicy.forKey(ServedModels.kgwKey(3), ApiKeys.read(f))
                .processorFor(new Caller("acme", "0", 7L));
        assertFalse(p instanceof AccountEmbedder, p.toString());
    }

    @Test
    void accountProcessorCache_isBounded_andGivesEachThreadItsCallersAccount() throws Exception {
        WatermarkKey key = accountKey(AccountCodeParameters.V1, 2);
        Map<String, Long> ids = new java.util.LinkedHashMap<>();
        for (long a = 0; a < 64; a++) {
            ids.put("sk-cache-test-" + (1000 + a), a * 15_625);
        }
        AccountPolicy policy = new AccountPolicy(key, ApiKeys.withAccountIds(ids), 8);
        Caller first = new Caller("a", "k", 0L);
        LogitsProcessor p0 = policy.processorFor(first);
        assertSame(p0, policy.processorFor(first), "a cached account keeps its processor");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                wrong.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int bad = 0;
                    for (int i = 0; i < 5000; i++) {
                        long id = r.nextInt(64) * 15_625L;
                        AccountEmbedder e = (AccountEmbedder) policy.processorFor(new Caller("x", "k", id));
                        bad += e.accountId() == id ? 0 : 1;
                    }
                    return bad;
                }));
            }
            for (Future<Integer> w : wrong) {
                assertEquals(0, w.get(), "a thread was given another account's processor");
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(policy.cached() <= 8, "cache holds " + policy.cached());
        OpenAiException e = assertThrows(OpenAiException.class, () -> policy.processorFor(Caller.ANONYMOUS));
        assertEquals(403, e.status());
    }

    @Test
    void twoApiKeys_getTheirOwnAccountsWatermark_overHttp_andTheLogRecordsTheAccountId(@TempDir Path dir) throws Exception {
        for (AccountScheme scheme : List.of(AccountCodeParameters.V1, AccountKeysParameters.V1)) {
            WatermarkKey key = accountKey(scheme, 7);
            long[] accounts = {123_456, 987_654};
            String[] apiKeys = {"sk-account-alpha-01", "sk-account-beta-002"};
            Path keysFile = dir.resolve(scheme.schemeId() + ".keys");
            Files.writeString(keysFile, apiKeys[0] + " alpha " + accounts[0] + "\n" + apiKeys[1] + " beta " + accounts[1] + "\n");
            ApiKeys keys = ApiKeys.read(keysFile);
            Path log = dir.resolve(scheme.schemeId() + ".served.jsonl");
            try (ServedLog served = ServedLog.append(log);
                 ModelServer s = ModelServer.start(ServeConfig.loopback("brown-kn3", ModelPool.of(ServedModels.MODEL.copy(), 2),
                         ServedModels.TOKENIZER, WatermarkPolicy.forKey(key, keys)).withApiKeys(keys).withServedLog(served))) {
                assertEquals(401, post(s, "sk-not-a-known-key-00", 4).statusCode());
                assertEquals(401, post(s, null, 4).statusCode());
                for (int who = 0; who < 2; who++) {
                    HttpResponse<String> r = post(s, apiKeys[who], 300);
                    assertEquals(200, r.statusCode(), r.body());
                    List<int[]> texts = new ArrayList<>();
                    for (JsonNode c : JSON.readTree(r.body()).get("choices")) {
                        texts.add(ServedModels.TOKENIZER.encode(c.get("text").asText()));
                    }
                    double own = accountListShare(key, scheme, accounts[who], texts);
                    double other = accountListShare(key, scheme, accounts[1 - who], texts);
                    String what = scheme.schemeId() + ", caller " + who + ": own account list share " + own + ", other " + other;
                    System.out.println(what);
                    assertTrue(own > 0.45, what);
                    assertTrue(other < 0.35, what);
                }
            }
            List<String> lines = Files.readAllLines(log);
            assertEquals(4, lines.size());
            assertEquals(accounts[0], JSON.readTree(lines.get(0)).get("account_id").asLong());
            assertEquals("beta", JSON.readTree(lines.get(3)).get("account").asText());
            assertEquals(accounts[1], JSON.readTree(lines.get(3)).get("account_id").asLong());
            String all = Files.readString(log);
            assertFalse(all.contains(apiKeys[0]) || all.contains(apiKeys[1]), "the served log holds an API key");
        }
    }

    private static HttpResponse<String> post(ModelServer s, String apiKey, int maxTokens) throws Exception {
        String body = "{\"model\":\"brown-kn3\",\"prompt\":\"The jury said that\",\"max_tokens\":" + maxTokens + ",\"n\":2,\"seed\":17}";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Share of the texts' distinct (window, token) pairs whose token is in {@code account}'s list (γ_a = 0.25 by chance). */
    private static double accountListShare(WatermarkKey key, AccountScheme scheme, long account, List<int[]> texts) {
        AccountPrf prf = AccountPrf.of(key);
        AccountListSeed seeds = scheme.listSeeds(prf, account);
        long threshold = Tt1Prf.greenThreshold(scheme.accountGamma());
        int h = scheme.contextWidth();
        Set<List<Integer>> seen = new HashSet<>();
        int in = 0;
        for (int[] ids : texts) {
            for (int t = h; t < ids.length; t++) {
                if (seen.add(java.util.Arrays.stream(ids, t - h, t + 1).boxed().toList())) {
                    in += Tt1Prf.isGreen(Tt1Prf.value(seeds.listSeed(prf.contextSeed(ids, t - h, t)), ids[t]), threshold) ? 1 : 0;
                }
            }
        }
        assertTrue(seen.size() > 400, "scored pairs " + seen.size());
        return (double) in / seen.size();
    }
}
