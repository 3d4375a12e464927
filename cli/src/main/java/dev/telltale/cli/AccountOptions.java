package dev.telltale.cli;

import dev.telltale.detect.PValues;
import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.AccountScheme;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.AccountAttribution;
import dev.telltale.detect.AccountTracer;
import dev.telltale.detect.AccountTracers;
import dev.telltale.detect.Detector;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.LogitsProcessor;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The account schemes on the command line (docs/attribution.md): keygen's options ({@code --accounts N} and the
 * code parameters, mapped to key-file fields), generate's {@code --account ID}, and detect's {@code --trace},
 * which adds {@code "account": {"id", "p_value", "log10_p_value"}} (or null) and {@code "account_trace"} to
 * each detect JSON result.
 */
final class AccountOptions {
    @Option(names = "--accounts", paramLabel = "N", description = "Account-space size: ids 0..N-1 (kgw-accounts: 2..2^40, "
            + "kgw-account-keys: 1..2^26). Default: 1000000.")
    Long accounts;

    @Option(names = "--account-gamma", description = "Fraction of the vocabulary in each account list (kgw-accounts, "
            + "kgw-account-keys). Default: 0.25.")
    Double accountGamma;

    @Option(names = "--account-delta", description = "Logit bias on the account list, on top of the shared --delta "
            + "(kgw-accounts, kgw-account-keys). Default: 2.0.")
    Double accountDelta;

    @Option(names = "--symbol-bits", description = "Bits per Reed-Solomon symbol, 4..8 (kgw-accounts). Default: 5.")
    Integer symbolBits;

    @Option(names = "--code-length", description = "Code positions, 2K..2^symbol-bits (kgw-accounts). Default: 32.")
    Integer codeLength;

    /** Adds the options given to keygen's field map (key-file field names). */
    void putOptions(Map<String, Number> options) {
        put(options, "accounts", accounts);
        put(options, "account_gamma", accountGamma);
        put(options, "account_delta", accountDelta);
        put(options, "symbol_bits", symbolBits);
        put(options, "code_length", codeLength);
    }

    private static void put(Map<String, Number> options, String field, Number value) {
        if (value != null) {
            options.put(field, value);
        }
    }

    /** keygen's one-line description of an account key's space, or null for other schemes. */
    static String note(Object scheme) {
        if (scheme instanceof AccountCodeParameters p) {
            return String.format(Locale.ROOT, "account space: %d ids (0..%d); Reed-Solomon [%d, %d] over GF(%d)", p.accounts(),
                    p.accounts() - 1, p.codeLength(), p.messageSymbols(), 1 << p.symbolBits());
        }
        if (scheme instanceof AccountKeysParameters p) {
            return String.format(Locale.ROOT, "account registry: %d ids (0..%d), one HKDF sub-key each", p.accounts(),
                    p.accounts() - 1);
        }
        return null;
    }

    /**
     * generate's embed step: the account's for an account key ({@code --account} required), the key's own
     * otherwise ({@code --account} refused).
     */
    static LogitsProcessor embedder(WatermarkKey key, Long account) {
        if (key.scheme() instanceof AccountScheme s) {
            if (account == null) {
                throw new UsageException("key " + key.keyId() + " is an account key (" + s.schemeId() + ", " + s.accounts()
                        + " accounts): pass --account ID, the account the completion is served to");
            }
            return Embedders.forKey(key, account);
        }
        if (account != null) {
            throw new UsageException("--account applies to account keys (" + AccountCodeParameters.ID + ", "
                    + AccountKeysParameters.ID + "); key " + key.keyId() + " is " + key.scheme().schemeId());
        }
        return Embedders.forKey(key);
    }

    /** detect --trace's tracer; a usage error for keys without accounts. */
    static AccountTracer tracer(WatermarkKey key, double alpha) {
        if (!AccountTracers.supports(key)) {
            throw new UsageException("--trace needs an account key (" + AccountCodeParameters.ID + " or "
                    + AccountKeysParameters.ID + "); key " + key.keyId() + " is " + key.scheme().schemeId());
        }
        return AccountTracers.forKey(key, alpha);
    }

    /** One detect result with the account fields: tokenised once, detected (windowed or not) and traced. */
    static Map<String, Object> json(Detector detector, AccountTracer tracer, int[] ids, boolean windowed, String id) {
        Map<String, Object> m = windowed ? detector.detectWindowedIds(ids).toJson(id) : detector.detectIds(ids).toJson(id);
        AccountAttribution a = tracer.trace(ids);
        m.put("account", a.accountJson());
        m.put("account_trace", a.traceJson());
        return m;
    }

    /** The human-readable report of one text with its account line. */
    static String human(Detector detector, AccountTracer tracer, int[] ids, boolean windowed) {
        String detection = windowed ? DetectCommand.humanWindowed(detector.detectWindowedIds(ids))
                : DetectCommand.human(detector.detectIds(ids));
        return detection + System.lineSeparator() + humanAccount(tracer.trace(ids));
    }

    static String humanAccount(AccountAttribution a) {
        String space = String.format(Locale.ROOT, "corrected for %d accounts; %s, %d scored tokens", a.accounts(), a.method(),
                a.tokensScored());
        if (a.attributed()) {
            return String.format(Locale.ROOT, "account: %d   p = %s   (log10 p = %.2f; %s)", a.candidate(),
                    PValues.format(a.log10PValue()), a.log10PValue(), space);
        }
        return String.format(Locale.ROOT, "account: none at alpha = %s   (%s%s)", a.alpha(), a.status().equals("too_short")
                ? "too short; " : a.candidate() < 0 ? "" : "best candidate " + a.candidate() + " has p = "
                + PValues.format(a.log10PValue()) + "; ", space);
    }

    /** The jsonl/ids summary line's account column. */
    @SuppressWarnings("unchecked")
    static String humanColumn(Map<String, Object> r) {
        if (!r.containsKey("account_trace")) {
            return "";
        }
        Map<String, Object> a = (Map<String, Object>) r.get("account");
        return a == null ? "\taccount=none" : "\taccount=" + a.get("id") + "\tp_account="
                + PValues.format((Double) a.get("log10_p_value"));
    }
}
