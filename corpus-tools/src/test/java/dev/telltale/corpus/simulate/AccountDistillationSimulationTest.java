package dev.telltale.corpus.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.detect.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Distillation through many accounts, over loopback HTTP: the teacher is served with an account key
 * ({@code kgw-accounts}, 10^6-account space) by the same policy as {@code serve-model}, and the competitor
 * harvests one 256-token answer through each of many accounts' API keys. The student trained on the mixture
 * must carry the shared watermark (closed-model test through its endpoint, the account key's detector: the
 * shared kgw component), the control must not, and the harvested answers must trace to the accounts that
 * fetched them, none to a wrong one. Quick: 100 accounts, 15 % of the human half, 150k test tokens;
 * {@code -Dtelltale.full=true}: 1,000 accounts, all the human text, 400k test tokens (docs/attribution.md).
 */
class AccountDistillationSimulationTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");

    @Test
    void harvestThroughManyAccounts_studentCarriesTheSharedWatermark_andAnswersTraceToTheirAccounts() throws Exception {
        int accounts = FULL ? 1000 : 100;
        SimulationConfig c = SimulationConfig.throughAccounts("kgw-accounts", accounts, SimulationConfig.ACCOUNT_ANSWER_TOKENS, 3,
                false);
        SimulationResult r = DistillationSimulation.run(FULL ? c : c.withSizes(0.15, 150_000), System.out);
        String what = "harvest " + r.harvestTokens() + " tokens (" + r.watermarkedFraction() + " of the student's data); traces "
                + t(r) + "; student log10 p " + r.student().log10PValue() + " over " + r.student().pairsScored() + " pairs; control "
                + r.control().log10PValue();
        System.out.println(what);
        AccountTraceSummary t = r.accounts();
        assertEquals(accounts, t.accounts());
        assertEquals(accounts, t.texts());
        assertEquals(0, t.wrong(), what);
        assertTrue(t.right() >= 0.95 * accounts, "answers traced to their accounts: " + t.right() + "\n" + what);
        assertEquals(Verdict.WATERMARKED, r.student().detection().verdict(), what);
        assertTrue(r.student().log10PValue() <= -6, what);
        assertEquals(0, r.student().requests().failed());
        assertTrue(r.control().pValue() > 1e-3, "control p " + r.control().pValue() + "\n" + what);
    }

    private static Object t(SimulationResult r) {
        return r.accounts().toJson();
    }

    @Test
    void accountsNeedAnAccountScheme_andAnAccountSchemeNeedsAccounts() {
        String a = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SimulationConfig.throughAccounts("kgw", 10, 256, 1, false)).getMessage();
        assertTrue(a.contains("account scheme"), a);
        String b = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SimulationConfig.of("kgw-accounts", 0.05, 1, false)).getMessage();
        assertTrue(b.contains("accounts"), b);
    }
}
