package dev.telltale.core;

import dev.telltale.core.internal.GaloisField;
import java.util.Arrays;

/**
 * The account code of {@code kgw-accounts}: a Reed–Solomon code [L, K] over GF(q), q = 2^m, in evaluation
 * form, systematic on its first K positions (docs/attribution.md, "The code").
 *
 * <pre>
 * message    id in [0, q^K) -> digits m_0 .. m_{K-1} base q, least significant first
 * codeword   c_j = f(x_j), j in [0, L), evaluation points x_j = j (the field element with bit pattern j)
 *            f = the unique polynomial of degree &lt; K with f(x_j) = m_j for j &lt; K (so c_j = m_j there)
 * </pre>
 *
 * Two distinct polynomials of degree &lt; K agree on at most K − 1 points, so two codewords agree in at
 * most K − 1 positions (minimum distance d = L − K + 1, the Singleton bound: the code is MDS). Any K
 * positions determine the codeword ({@link InformationSet}); decoding by ordered statistics uses that to
 * complete candidates from the K most reliable positions. Immutable and thread-safe.
 *
 * <p>[1] Reed, Solomon. Polynomial codes over certain finite fields. J. SIAM 8(2), 1960.
 * [2] MacWilliams, Sloane. The Theory of Error-Correcting Codes, 1977, ch. 10–11 (MDS codes, GRS codes).
 */
public final class AccountCode {
    private final GaloisField field;
    private final int length;
    private final int messageSymbols;
    private final InformationSet systematic;

    /**
     * @param symbolBits     m, bits per symbol, in [2, 8]
     * @param length         L, code length, in [K + 1, 2^m]
     * @param messageSymbols K, message symbols, ≥ 1
     */
    public AccountCode(int symbolBits, int length, int messageSymbols) {
        this.field = GaloisField.of(symbolBits);
        if (messageSymbols < 1 || length <= messageSymbols || length > field.size()) {
            throw new IllegalArgumentException("a Reed-Solomon code over GF(" + field.size() + ") needs 1 <= K < L <= "
                    + field.size() + ", got K = " + messageSymbols + ", L = " + length);
        }
        this.length = length;
        this.messageSymbols = messageSymbols;
        int[] first = new int[messageSymbols];
        Arrays.setAll(first, i -> i);
        this.systematic = informationSet(first);
    }

    /** q = 2^m, the symbol alphabet size. */
    public int alphabet() {
        return field.size();
    }

    /** L. */
    public int length() {
        return length;
    }

    /** K. */
    public int messageSymbols() {
        return messageSymbols;
    }

    /** d = L − K + 1: distinct codewords differ in at least d positions, agree in at most K − 1. */
    public int minimumDistance() {
        return length - messageSymbols + 1;
    }

    /** The number of messages, q^K (capped at Long.MAX_VALUE). */
    public long messages() {
        double n = Math.pow(field.size(), messageSymbols);
        return n >= 0x1p63 ? Long.MAX_VALUE : (long) n;
    }

    /** The codeword of message {@code id} into {@code out[0..L)}. */
    public void encode(long id, int[] out) {
        if (id < 0 || id >= messages()) {
            throw new IllegalArgumentException("message must be in [0, " + messages() + "), got " + id);
        }
        int[] digits = new int[messageSymbols];
        long rest = id;
        for (int i = 0; i < messageSymbols; i++) {
            digits[i] = (int) (rest & (field.size() - 1));
            rest >>>= field.bits();
        }
        systematic.complete(digits, out);
    }

    /** The codeword of message {@code id}. */
    public int[] encode(long id) {
        int[] out = new int[length];
        encode(id, out);
        return out;
    }

    /** The message of a codeword: its first K symbols read as base-q digits, least significant first. */
    public long message(int[] codeword) {
        long id = 0;
        for (int i = messageSymbols - 1; i >= 0; i--) {
            id = (id << field.bits()) | codeword[i];
        }
        return id;
    }

    /** The completion rule for K distinct positions (an information set of the MDS code). */
    public InformationSet informationSet(int[] positions) {
        return new InformationSet(positions.clone());
    }

    /**
     * K positions whose symbols determine the codeword: c_j = Σ_i v_i · ℓ_i(x_j) with the Lagrange basis
     * ℓ_i(x) = Π_{k≠i} (x − x_{p_k}) / (x_{p_i} − x_{p_k}) (minus is XOR), precomputed as a [K][L] table so
     * that each completion costs K·L table multiplications and allocates nothing.
     */
    public final class InformationSet {
        private final int[][] basis; // [K][L] ℓ_i(x_j)

        private InformationSet(int[] positions) {
            if (positions.length != messageSymbols) {
                throw new IllegalArgumentException("an information set has K = " + messageSymbols + " positions, got "
                        + positions.length);
            }
            for (int i = 0; i < positions.length; i++) {
                if (positions[i] < 0 || positions[i] >= length) {
                    throw new IllegalArgumentException("position " + positions[i] + " outside [0, " + length + ")");
                }
                for (int k = 0; k < i; k++) {
                    if (positions[k] == positions[i]) {
                        throw new IllegalArgumentException("information set positions must be distinct: " + positions[i]);
                    }
                }
            }
            basis = new int[messageSymbols][length];
            for (int i = 0; i < messageSymbols; i++) {
                int denominator = 1;
                for (int k = 0; k < messageSymbols; k++) {
                    if (k != i) {
                        denominator = field.mul(denominator, positions[i] ^ positions[k]);
                    }
                }
                for (int j = 0; j < length; j++) {
                    int numerator = 1;
                    for (int k = 0; k < messageSymbols; k++) {
                        if (k != i) {
                            numerator = field.mul(numerator, j ^ positions[k]);
                        }
                    }
                    basis[i][j] = field.div(numerator, denominator);
                }
            }
        }

        /** The codeword with symbols {@code values[i]} at the set's i-th position, into {@code out[0..L)}. */
        public void complete(int[] values, int[] out) {
            for (int j = 0; j < length; j++) {
                int c = 0;
                for (int i = 0; i < messageSymbols; i++) {
                    c ^= field.mul(values[i], basis[i][j]);
                }
                out[j] = c;
            }
        }
    }
}
