package dev.telltale.detect;

import dev.telltale.core.ExactTails;
import java.util.Arrays;

/**
 * The exact p-value of naming one account of a {@code kgw-accounts} key, robust to the text having been
 * generated for another account of the same key (docs/attribution.md, "The p-value").
 *
 * <pre>
 * Setting. T scored (window, token) pairs, each carried by code position i = slot(a_t) in [0, L); T_i of them
 * at position i. For account A with codeword c, M_i = #{scored pairs at i whose token is in the list of symbol
 * c_i} and S = Σ_i M_i. Model: list-membership bits are those of a random function (the idealisation every
 * kgw p-value rests on); distinct (window, token) pairs are distinct PRF inputs.
 *
 * Nulls covered. H_0: the text was written without this key's account component (human text, another key, an
 * unwatermarked model). H_B: the text was generated for one account B ≠ A of this key.
 *
 * Lemma 1 (positions where A and B differ). Generating for B consults, at position i, only the list of
 * c_i(B). Where c_i(A) ≠ c_i(B), A's list has PRF inputs that generation never used, so, conditional on the
 * whole text, its T_i membership bits are i.i.d. Bernoulli(γ_a). Under H_0 this holds at every position.
 * Lemma 2 (where they agree). Distinct codewords of the MDS [L, K] code agree in at most K − 1 positions: the
 * agreement set J = {i : c_i(A) = c_i(B)} has |J| ≤ K − 1 (J = ∅ under H_0). Nothing is assumed there: the
 * watermark for B boosts A's list exactly as much as B's.
 *
 * Hence, conditional on the text, S − M_J ~ Binomial(T − T_J, γ_a) with T_J = Σ_{i∈J} T_i, M_J = Σ_{i∈J} M_i.
 * J is unknown, so
 *     P_A = max over J ⊆ [0, L), |J| ≤ K − 1, of P(Binomial(T − T_J, γ_a) ≥ S − M_J)
 * is a valid p-value for "not produced for A": the true J is among those maximised over and the binomial
 * tail at the observed count is super-uniform, so P(P_A ≤ x) ≤ x under H_0 and under every H_B.
 *
 * Account space. The tracer reports the account Â it decoded, chosen by looking at the data. Naming any
 * wrong account at level x requires P_A ≤ x/N for some A among the N ids, so by the union bound
 *     p = min(1, N · P_Â)
 * bounds the probability of naming a wrong account (Bonferroni over the account space). It holds whatever
 * the decoder did: a decoding failure can only cost power, never validity.
 *
 * Computation (exact). The tail grows with n = T − T_J and shrinks with k = S − M_J, so for each value t of
 * T_J only the largest M_J matters: a 0/1 knapsack over positions, best[j][t] = max M_J over |J| = j with
 * T_J = t, in O(L · K · T); the tail is then evaluated at the Pareto points (t increasing, M_J strictly
 * increasing). Not covered: texts spliced from several accounts' outputs (agreement sets add up: m sources
 * need |J| ≤ m(K − 1)).
 * </pre>
 */
final class AgreementBound {
    private AgreementBound() {}

    /**
     * log10 P_A (before the account-space factor).
     *
     * @param slotTokens  [L] T_i
     * @param slotMatches [L] M_i of the account tested, M_i ≤ T_i
     * @param maxAgree    K − 1, the most code positions two codewords share
     * @param gamma       γ_a
     */
    static double log10PValue(int[] slotTokens, int[] slotMatches, int maxAgree, double gamma) {
        int total = 0;
        int matches = 0;
        for (int i = 0; i < slotTokens.length; i++) {
            total += slotTokens[i];
            matches += slotMatches[i];
        }
        int[][] best = new int[maxAgree + 1][total + 1]; // best[j][t]: max M_J, |J| = j, T_J = t; −1 unreachable
        for (int[] row : best) {
            Arrays.fill(row, -1);
        }
        best[0][0] = 0;
        for (int i = 0; i < slotTokens.length; i++) {
            int ti = slotTokens[i];
            if (ti == 0) {
                continue; // removing an empty position changes nothing
            }
            for (int j = maxAgree; j >= 1; j--) {
                int[] from = best[j - 1];
                int[] to = best[j];
                for (int t = total; t >= ti; t--) {
                    if (from[t - ti] >= 0 && from[t - ti] + slotMatches[i] > to[t]) {
                        to[t] = from[t - ti] + slotMatches[i];
                    }
                }
            }
        }
        double worst = Double.NEGATIVE_INFINITY;
        int frontier = -1;
        for (int t = 0; t <= total; t++) {
            int m = -1;
            for (int[] row : best) {
                m = Math.max(m, row[t]);
            }
            if (m > frontier) { // Pareto point: fewer removed trials already seen with fewer removed matches
                frontier = m;
                worst = Math.max(worst, ExactTails.logBinomialUpperTail(total - t, matches - m, gamma));
            }
        }
        return worst / Math.log(10);
    }
}
