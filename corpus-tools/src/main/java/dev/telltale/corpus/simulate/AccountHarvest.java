package dev.telltale.corpus.simulate;

import dev.telltale.core.AccountScheme;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.AccountAttribution;
import dev.telltale.detect.AccountTracer;
import dev.telltale.detect.AccountTracers;
import dev.telltale.detect.Detector;
import dev.telltale.embed.serve.ApiKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The campaign's shape: a competitor holds the API keys of many accounts and harvests through each in turn.
 * Account {@code i} of the harvest has a random, distinct id in the key's account space [0, N) and its own
 * API key, mapped to that id exactly as an operator's {@code serve-model --api-keys} file would
 * ({@code KEY ACCOUNT ACCOUNT_ID}); the teacher watermarks every answer for the id of the key that asked.
 */
final class AccountHarvest {
    private final List<String> apiKeys;
    private final long[] ids;
    private final ApiKeys keys;

    private AccountHarvest(List<String> apiKeys, long[] ids, ApiKeys keys) {
        this.apiKeys = apiKeys;
        this.ids = ids;
        this.keys = keys;
    }

    /** {@code n} accounts of {@code scheme}'s space, ids and API keys drawn from {@code seed}. */
    static AccountHarvest of(AccountScheme scheme, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0xACC0_0017L);
        long[] ids = n == scheme.accounts() ? IntStream.range(0, n).asLongStream().toArray()
                : r.longs(0, scheme.accounts()).distinct().limit(n).toArray();
        List<String> apiKeys = new ArrayList<>(n);
        Map<String, Long> map = new LinkedHashMap<>();
        String prefix = "sk-sim-" + Long.toHexString(r.nextLong()) + "-";
        for (int i = 0; i < n; i++) {
            String k = prefix + i;
            apiKeys.add(k);
            map.put(k, ids[i]);
        }
        return new AccountHarvest(List.copyOf(apiKeys), ids, ApiKeys.withAccountIds(map));
    }

    /** The API keys in harvest order: prompt {@code i} goes through key {@code i mod n}. */
    List<String> apiKeys() {
        return apiKeys;
    }

    /** The servers' key table (API key to account id). */
    ApiKeys keys() {
        return keys;
    }

    /**
     * Traces every answer on its own and compares with the account whose key fetched it (answer {@code i}: account
     * {@code i mod n}). Answers are text, as the competitor kept them: tokenised by {@code detector}.
     */
    AccountTraceSummary trace(WatermarkKey key, Detector detector, List<String> answers, double alpha) {
        AccountTracer tracer = AccountTracers.forKey(key, alpha);
        int right = 0;
        int wrong = 0;
        int none = 0;
        int tooShort = 0;
        double sumLog10 = 0;
        double worst = Double.NaN;
        long scored = 0;
        String method = null;
        long t0 = System.nanoTime();
        for (int i = 0; i < answers.size(); i++) {
            AccountAttribution a = tracer.trace(detector.tokenize(answers.get(i)));
            method = a.method();
            scored += a.tokensScored();
            if ("too_short".equals(a.status())) {
                tooShort++;
            }
            if (!a.attributed()) {
                none++;
            } else if (a.candidate() == ids[i % ids.length]) {
                right++;
                sumLog10 += a.log10PValue();
                worst = Double.isNaN(worst) ? a.log10PValue() : Math.max(worst, a.log10PValue());
            } else {
                wrong++;
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / Math.max(1, answers.size());
        AccountScheme s = (AccountScheme) key.scheme();
        return new AccountTraceSummary(s.schemeId(), method, s.accounts(), ids.length, alpha, answers.size(), right, wrong, none,
                tooShort, right == 0 ? Double.NaN : sumLog10 / right, worst, (double) scored / Math.max(1, answers.size()), ms);
    }
}
