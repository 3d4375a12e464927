package dev.telltale.core.internal;

/**
 * Arithmetic in GF(2^m), 2 ≤ m ≤ 8, through exp/log tables over a fixed primitive polynomial.
 * Elements are the integers [0, 2^m) read as bit vectors of polynomial coefficients; addition and
 * subtraction are XOR. Immutable and thread-safe; every operation is allocation-free.
 *
 * <pre>
 * m : primitive polynomial        m : primitive polynomial
 * 2 : x^2 + x + 1                 6 : x^6 + x + 1
 * 3 : x^3 + x + 1                 7 : x^7 + x^3 + 1
 * 4 : x^4 + x + 1                 8 : x^8 + x^4 + x^3 + x^2 + 1
 * 5 : x^5 + x^2 + 1
 * [1] Lin, Costello. Error Control Coding, 2nd ed., 2004, §2.4 and Table 2.7 (primitive polynomials).
 * </pre>
 */
public final class GaloisField {
    private static final int[] PRIMITIVE = {0, 0, 0x7, 0xB, 0x13, 0x25, 0x43, 0x89, 0x11D};
    private static final GaloisField[] FIELDS = new GaloisField[PRIMITIVE.length];

    static {
        for (int m = 2; m < PRIMITIVE.length; m++) {
            FIELDS[m] = new GaloisField(m);
        }
    }

    private final int bits;
    private final int size;
    private final int[] exp; // [2 (size - 1)] α^i, doubled so that exp[log a + log b] needs no reduction
    private final int[] log; // [size] log_α of each non-zero element; log[0] unused

    private GaloisField(int bits) {
        this.bits = bits;
        this.size = 1 << bits;
        this.exp = new int[2 * (size - 1)];
        this.log = new int[size];
        int x = 1;
        for (int i = 0; i < size - 1; i++) {
            exp[i] = x;
            exp[i + size - 1] = x;
            log[x] = i;
            x <<= 1;
            if ((x & size) != 0) {
                x ^= PRIMITIVE[bits];
            }
        }
    }

    /** The field GF(2^bits). */
    public static GaloisField of(int bits) {
        if (bits < 2 || bits >= PRIMITIVE.length) {
            throw new IllegalArgumentException("GF(2^m) needs m in [2, 8], got " + bits);
        }
        return FIELDS[bits];
    }

    /** m. */
    public int bits() {
        return bits;
    }

    /** q = 2^m, the number of elements. */
    public int size() {
        return size;
    }

    public int mul(int a, int b) {
        return a == 0 || b == 0 ? 0 : exp[log[a] + log[b]];
    }

    /** a / b for b ≠ 0. */
    public int div(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(2^" + bits + ")");
        }
        return a == 0 ? 0 : exp[log[a] + size - 1 - log[b]];
    }

    /** α^i for i in [0, 2^m − 1). */
    public int exp(int i) {
        return exp[i];
    }

    /** log_α a for a ≠ 0. */
    public int log(int a) {
        if (a == 0) {
            throw new ArithmeticException("log of zero in GF(2^" + bits + ")");
        }
        return log[a];
    }
}
