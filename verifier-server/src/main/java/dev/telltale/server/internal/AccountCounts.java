package dev.telltale.server.internal;

import dev.telltale.core.AccountScheme;
import dev.telltale.detect.AccountAttribution;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts a dataset's documents trace to (dataset jobs on account keys): every document is traced on its own
 * at the job's α, exactly as {@code POST /v1/detect} would, and the attributed ones are counted per account.
 * Each document's p-value is corrected for the N accounts, not for the D documents: over D documents that were
 * served to no account, the expected number of documents attributed is at most D·α.
 *
 * <p>Checkpointed with the job ({@link #write}, {@link #read}) so a resumed job counts each document once.
 */
final class AccountCounts {
    /** Accounts listed in the result, most documents first (the total is always given). */
    static final int MAX_LISTED = 1000;

    private final String scheme;
    private final long accounts;
    private final double alpha;
    private long traced;
    private long attributed;
    private long tooShort;
    private final Map<Long, long[]> byAccount = new HashMap<>(); // id -> {documents, Double bits of the least log10 p}

    AccountCounts(AccountScheme scheme, double alpha) {
        this.scheme = scheme.schemeId();
        this.accounts = scheme.accounts();
        this.alpha = alpha;
    }

    /** Counts one document's trace. */
    void add(AccountAttribution a) {
        traced++;
        if ("too_short".equals(a.status())) {
            tooShort++;
        }
        if (!a.attributed()) {
            return;
        }
        attributed++;
        long[] c = byAccount.computeIfAbsent(a.candidate(), id -> new long[] {0, Double.doubleToLongBits(0.0)});
        c[0]++;
        c[1] = Double.doubleToLongBits(Math.min(Double.longBitsToDouble(c[1]), a.log10PValue()));
    }

    /**
     * {@code {"scheme", "accounts", "alpha", "documents_traced", "documents_attributed", "documents_too_short",
     * "accounts_named", "by_account": [{"id", "documents", "p_value", "log10_p_value"}], "by_account_truncated"}}:
     * p is the strongest (smallest) corrected p-value among the account's documents.
     */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", scheme);
        m.put("accounts", accounts);
        m.put("alpha", alpha);
        m.put("documents_traced", traced);
        m.put("documents_attributed", attributed);
        m.put("documents_too_short", tooShort);
        m.put("accounts_named", byAccount.size());
        List<Map.Entry<Long, long[]>> sorted = new ArrayList<>(byAccount.entrySet());
        sorted.sort((x, y) -> x.getValue()[0] != y.getValue()[0] ? Long.compare(y.getValue()[0], x.getValue()[0])
                : Long.compare(x.getKey(), y.getKey()));
        List<Object> list = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : sorted.subList(0, Math.min(MAX_LISTED, sorted.size()))) {
            double log10p = Double.longBitsToDouble(e.getValue()[1]);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", e.getKey());
            a.put("documents", e.getValue()[0]);
            a.put("p_value", Math.pow(10, log10p));
            a.put("log10_p_value", log10p);
            list.add(a);
        }
        m.put("by_account", list);
        m.put("by_account_truncated", sorted.size() > MAX_LISTED);
        return m;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(traced);
        out.writeLong(attributed);
        out.writeLong(tooShort);
        out.writeInt(byAccount.size());
        for (Map.Entry<Long, long[]> e : byAccount.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue()[0]);
            out.writeLong(e.getValue()[1]);
        }
    }

    /** Restores counts written by {@link #write} into a fresh instance of the same job. */
    void read(DataInputStream in) throws IOException {
        traced = in.readLong();
        attributed = in.readLong();
        tooShort = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            byAccount.put(in.readLong(), new long[] {in.readLong(), in.readLong()});
        }
    }
}
