package dev.telltale.detect;

import dev.telltale.core.AccountCode;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Soft decoding of the account code from per-position votes, in time independent of the number of accounts.
 *
 * <p>The maximum-likelihood account maximises the total match count S = Σ_i votes[i][c_i]: every symbol's list
 * has the same γ_a, so a codeword's log-likelihood ratio is λ·S plus a constant, λ = ln(ρ(1 − γ_a) / (γ_a(1 − ρ)))
 * &gt; 0 for any hit rate ρ &gt; γ_a. Any K positions of the MDS code determine a codeword, so candidates come
 * from information sets [1, 2]:
 * <ol>
 *   <li>ordered statistics: the K positions most likely to be right (posterior of their best symbol under
 *       the nominal λ of {@link #NOMINAL_HIT_RATE}), every choice among each position's best {@link #CHOICES}
 *       symbols with rank sum ≤ {@link #ORDER};</li>
 *   <li>{@link #RANDOM_SETS} random information sets (positions drawn in proportion to that posterior, each
 *       at its best symbol): a set of K positions whose best symbols are all right completes to the true
 *       codeword, and with symbol error rate e a random set is right with probability about (1 − e)^K.</li>
 * </ol>
 * Each candidate is completed ({@link AccountCode.InformationSet}), and the valid account (id &lt; N) with the
 * largest S is kept (ties: smaller id). The random sets come from a fixed seed: the same votes always decode to
 * the same account. The p-value ({@link AgreementBound}) does not depend on how the candidate was found.
 *
 * <pre>
 * [1] Fossorier, Lin. Soft-decision decoding of linear block codes based on ordered statistics. IEEE Trans. Inf.
 *     Theory 41(5), 1995.
 * [2] Prange. The use of information sets in decoding cyclic codes. IRE Trans. Inf. Theory 8(5), 1962.
 * </pre>
 */
final class CodeDecoder {
    /** Largest rank sum enumerated over the most reliable information set (OSD order). */
    static final int ORDER = 4;
    /** Symbols considered per position of the most reliable information set. */
    static final int CHOICES = 4;
    /** Random information sets tried after the ordered-statistics stage. */
    static final int RANDOM_SETS = 1500;
    /** ρ behind the reliability weights (only the order of candidates depends on it, never the p-value). */
    static final double NOMINAL_HIT_RATE = 0.5;

    private final AccountCode code;
    private final long accounts;
    private final double lambda;

    /** @param gamma γ_a, the fraction of the vocabulary in each symbol's list */
    CodeDecoder(AccountCode code, long accounts, double gamma) {
        this.code = code;
        this.accounts = accounts;
        double rho = Math.max(NOMINAL_HIT_RATE, (1 + gamma) / 2);
        this.lambda = Math.log(rho * (1 - gamma) / (gamma * (1 - rho)));
    }

    /** The decoded codeword, its account id and S; id −1 when no candidate is a valid account. */
    record Decoded(long id, int[] codeword, long matches) {}

    /**
     * @param votes [L][q] scored tokens at position i whose token is in symbol c's list
     */
    Decoded decode(int[][] votes) {
        int length = code.length();
        int k = code.messageSymbols();
        int[][] ranked = new int[length][];      // [L][CHOICES] symbols by votes, best first (ties: smaller symbol)
        double[] reliability = new double[length]; // [L] posterior of the best symbol
        Integer[] order = new Integer[length];
        for (int i = 0; i < length; i++) {
            ranked[i] = topSymbols(votes[i]);
            double z = 0;
            int top = votes[i][ranked[i][0]];
            for (int v : votes[i]) {
                z += Math.exp(lambda * (v - top));
            }
            reliability[i] = 1 / z;
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> reliability[x] != reliability[y] ? Double.compare(reliability[y], reliability[x])
                : Integer.compare(x, y));
        Best best = new Best(length);
        int[] positions = new int[k];
        for (int j = 0; j < k; j++) {
            positions[j] = order[j];
        }
        orderedStatistics(positions, ranked, votes, best);
        randomSets(ranked, reliability, votes, best);
        return new Decoded(best.id, best.codeword, best.id < 0 ? 0 : best.matches);
    }

    private void orderedStatistics(int[] positions, int[][] ranked, int[][] votes, Best best) {
        int k = positions.length;
        AccountCode.InformationSet set = code.informationSet(positions);
        int[] ranks = new int[k];
        int[] values = new int[k];
        int choices = Math.min(CHOICES, code.alphabet());
        while (true) {
            int sum = 0;
            for (int j = 0; j < k; j++) {
                sum += ranks[j];
                values[j] = ranked[positions[j]][ranks[j]];
            }
            if (sum <= ORDER) {
                best.offer(set, values, votes);
            }
            int j = 0; // next rank tuple, odometer order
            while (j < k && ++ranks[j] == choices) {
                ranks[j++] = 0;
            }
            if (j == k) {
                return;
            }
        }
    }

    private void randomSets(int[][] ranked, double[] reliability, int[][] votes, Best best) {
        int length = code.length();
        int k = code.messageSymbols();
        double[] cumulative = new double[length];
        SplittableRandom r = new SplittableRandom(0x7E11_7A1EL);
        int[] positions = new int[k];
        int[] values = new int[k];
        boolean[] taken = new boolean[length];
        for (int set = 0; set < RANDOM_SETS; set++) {
            Arrays.fill(taken, false);
            for (int j = 0; j < k; j++) { // K distinct positions, weighted by reliability
                double total = 0;
                for (int i = 0; i < length; i++) {
                    total += taken[i] ? 0 : reliability[i];
                    cumulative[i] = total;
                }
                double x = r.nextDouble() * total;
                int pick = 0;
                while (pick < length - 1 && (taken[pick] || cumulative[pick] <= x)) {
                    pick++;
                }
                taken[pick] = true;
                positions[j] = pick;
                values[j] = ranked[pick][0];
            }
            best.offer(code.informationSet(positions), values, votes);
        }
    }

    /** The CHOICES symbols with most votes, best first; ties go to the smaller symbol. */
    private static int[] topSymbols(int[] votes) {
        int n = Math.min(CHOICES, votes.length);
        int[] top = new int[n];
        Arrays.fill(top, -1);
        for (int c = 0; c < votes.length; c++) {
            for (int r = 0; r < n; r++) {
                if (top[r] < 0 || votes[c] > votes[top[r]]) {
                    System.arraycopy(top, r, top, r + 1, n - r - 1);
                    top[r] = c;
                    break;
                }
            }
        }
        return top;
    }

    /** The best valid candidate so far. */
    private final class Best {
        long id = -1;
        long matches = -1;
        final int[] codeword;
        final int[] candidate;

        Best(int length) {
            codeword = new int[length];
            candidate = new int[length];
        }

        void offer(AccountCode.InformationSet set, int[] values, int[][] votes) {
            set.complete(values, candidate);
            long cid = code.message(candidate);
            if (cid >= accounts) {
                return;
            }
            long s = 0;
            for (int i = 0; i < candidate.length; i++) {
                s += votes[i][candidate[i]];
            }
            if (s > matches || (s == matches && cid < id)) {
                matches = s;
                id = cid;
                System.arraycopy(candidate, 0, codeword, 0, candidate.length);
            }
        }
    }
}
