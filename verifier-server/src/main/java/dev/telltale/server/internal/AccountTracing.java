package dev.telltale.server.internal;

import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.AccountAttribution;
import dev.telltale.detect.AccountTracers;
import java.util.Map;

/**
 * Who gets a text traced to an account (docs/attribution.md), and the fields it adds to a detection.
 *
 * <p>Policy: the traced account id names a customer of the key's owner and is evidence against that account, and
 * the trace is a second oracle on the key (an attacker holding one account could test edits of its own texts
 * against its own list). So it follows the per-token highlighting rule: analysts and admins get it, by default,
 * for every account key; submitters never do (asking for it is a 403, and without asking their results carry no
 * account fields). Keys without accounts have nothing to trace: asking is a 400, and their results carry no
 * account fields either.
 */
final class AccountTracing {
    private AccountTracing() {}

    /**
     * Whether to trace for this caller and key.
     *
     * @param asked the request's {@code trace} (null when absent: true for analysts on account keys)
     */
    static boolean wanted(Boolean asked, Role role, WatermarkKey key) {
        if (!AccountTracers.supports(key)) {
            if (Boolean.TRUE.equals(asked)) {
                throw ApiError.badRequest("\"trace\" needs an account key (" + AccountCodeParameters.ID + " or "
                        + AccountKeysParameters.ID + "); key " + key.keyId() + " is " + key.scheme().schemeId());
            }
            return false;
        }
        if (!role.atLeast(Role.ANALYST)) {
            if (Boolean.TRUE.equals(asked)) {
                throw ApiError.forbidden("tracing a text to an account needs the analyst role");
            }
            return false;
        }
        return asked == null || asked;
    }

    /** Adds the CLI's {@code account} ({@code {id, p_value, log10_p_value}} or null) and {@code account_trace}. */
    static void put(Map<String, Object> detection, AccountAttribution a) {
        detection.put("account", a.accountJson());
        detection.put("account_trace", a.traceJson());
    }
}
