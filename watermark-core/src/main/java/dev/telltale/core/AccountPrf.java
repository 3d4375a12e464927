package dev.telltale.core;

import dev.telltale.core.internal.Hkdf;
import dev.telltale.core.internal.SipHash24;
import java.util.Arrays;

/**
 * The keyed functions of the account component (contract; docs/attribution.md, "PRF"). They reuse tt1's
 * building blocks (SipHash-2-4 over LE64 words, the splitmix64 finaliser {@code mix}, u(s, v) and the green
 * test) under sub-keys of their own, so the account lists are independent of the shared kgw list.
 *
 * <pre>
 * k_acc            = HKDF-SHA256(secret, salt "telltale", info "telltale/v1/accounts/prf", 16) -> (k0, k1) LE
 * a                = SipHash-2-4_{k_acc}( LE64(x[t-h]) || ... || LE64(x[t-1]) )   context seed, same window as kgw
 * kgw-accounts (multi-bit code, L positions, q symbols):
 *   slot(a)        = ((mix(a XOR 0xA0761D6478BD642F) >>> 11) * L) >>> 53          code position carried here
 *   seed(a, i, c)  = mix(a + (256 i + c + 1) * 0xD1B54A32D192ED03)                list of symbol c at position i
 * kgw-account-keys (one sub-key per account):
 *   k_id           = LE64( HKDF-SHA256(secret, "telltale", "telltale/v1/account/" + decimal id, 8) )
 *   seed(a, id)    = a XOR k_id
 * v is in the list with seed s  iff  green_γa(u(s, v)),  u(s, v) = mix(s + (v + 1) * 0x9E3779B97F4A7C15)
 * </pre>
 *
 * Per-account sub-keys are expanded from one HKDF-Extract of the secret (RFC 5869: one HMAC per account).
 * Instances hold secret-derived material: never printed ({@link #toString()} shows nothing of it).
 * Immutable and thread-safe; the per-position functions are static and allocation-free.
 */
public final class AccountPrf {
    /** HKDF info of the context PRF k_acc. */
    public static final String CONTEXT_INFO = "telltale/v1/accounts/prf";
    /** HKDF info prefix of per-account sub-keys (DESIGN.md §3): the decimal account id follows. */
    public static final String ACCOUNT_INFO_PREFIX = "telltale/v1/account/";
    private static final long SLOT_TWEAK = 0xA0761D6478BD642FL;
    private static final long SYMBOL_GAMMA = 0xD1B54A32D192ED03L;

    private final long k0;
    private final long k1;
    private final byte[] prk; // HKDF-Extract(salt, secret), for per-account expansion

    private AccountPrf(long k0, long k1, byte[] prk) {
        this.k0 = k0;
        this.k1 = k1;
        this.prk = prk;
    }

    /** The account PRF of {@code key}. */
    public static AccountPrf of(WatermarkKey key) {
        byte[] secret = key.revealSecret(); // derivation only; zeroed below
        try {
            byte[] prk = Hkdf.extract(secret, Hkdf.SALT);
            byte[] k = Hkdf.expand(prk, CONTEXT_INFO, 16);
            return new AccountPrf(Tt1Prf.leLong(k, 0), Tt1Prf.leLong(k, 8), prk);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Context seed a over {@code ids[from..to)} (oldest first). */
    public long contextSeed(int[] ids, int from, int to) {
        return SipHash24.hashWords(k0, k1, ids, from, to);
    }

    /** The code position in [0, L) that context seed {@code a} carries; L ≤ 1024. */
    public static int slot(long a, int length) {
        return (int) (((Tt1Prf.mix(a ^ SLOT_TWEAK) >>> 11) * length) >>> 53);
    }

    /** The list seed of symbol {@code symbol} (in [0, 256)) at code position {@code slot} (in [0, 1024)). */
    public static long symbolSeed(long a, int slot, int symbol) {
        return Tt1Prf.mix(a + ((long) slot * 256 + symbol + 1) * SYMBOL_GAMMA);
    }

    /** k_id: account {@code id}'s sub-key (one HMAC-SHA256). */
    public long accountKey(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("account id must be >= 0, got " + id);
        }
        return Tt1Prf.leLong(Hkdf.expand(prk, ACCOUNT_INFO_PREFIX + id, 8), 0);
    }

    /** k_id for every id in [from, from + out.length), into {@code out}. */
    public void accountKeys(long from, long[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = accountKey(from + i);
        }
    }

    /** The list seed of the account with sub-key {@code accountKey} at context seed {@code a}. */
    public static long keyedSeed(long a, long accountKey) {
        return a ^ accountKey;
    }

    @Override
    public String toString() {
        return "AccountPrf[keyed]";
    }
}
