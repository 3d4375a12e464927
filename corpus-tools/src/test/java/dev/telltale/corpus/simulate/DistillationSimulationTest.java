package dev.telltale.corpus.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.detect.Verdict;
import dev.telltale.detect.radioactivity.RadioactivityResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The whole story over loopback HTTP: teacher served, harvest, students trained, served and tested. */
class DistillationSimulationTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");

    @Test
    void fivePercentWatermarkedTrainingData_studentIsDetected_controlIsNot() throws Exception {
        SimulationResult r = DistillationSimulation.run(SimulationConfig.of("kgw", 0.05, 1, FULL), System.out);
        RadioactivityResult s = r.student();
        String what = r.toJson().toString();
        assertEquals(0.05, r.watermarkedFraction(), 0.005, what);
        assertTrue(s.log10PValue() <= -6, "student p " + s.pValue() + "\n" + what);
        assertEquals(Verdict.WATERMARKED, s.detection().verdict());
        assertTrue(SimulationResult.pairsToReach(s, 1e-6) > 0);
        assertEquals(0, s.requests().failed());
        assertTrue(r.control().pValue() > 1e-3, "control p " + r.control().pValue() + "\n" + what);
        assertEquals(Verdict.NOT_DETECTED, r.control().detection().verdict());
        System.out.println("pairs to reach 1e-6: " + SimulationResult.pairsToReach(s, 1e-6) + "; " + r.seconds() + " s");
    }

    @Test
    void gumbelTeacher_fivePercent_studentOfOrderFiveIsDetected_controlIsNot() throws Exception {
        // quick: 30 % of the human half (harvest 10k tokens, drawn by the O(V) Gumbel selector), 100k test tokens
        SimulationConfig c = SimulationConfig.of("gumbel", 0.05, 2, FULL);
        SimulationResult r = DistillationSimulation.run(FULL ? c : c.withSizes(0.3, 100_000), null);
        String what = r.toJson().toString();
        assertEquals(5, r.config().studentOrder());
        assertTrue(r.student().log10PValue() <= -6, what);
        assertTrue(r.control().pValue() > 1e-3, what);
    }

    /**
     * The control students of 20 independent simulations (seed = split, key, prompts, sampling): trained on
     * human text plus unwatermarked teacher answers, tested exactly like students. Their p-values must look
     * uniform: none below 1e-3 and a Kolmogorov–Smirnov distance under the 1 % critical value (0.356 for n = 20).
     * Quick mode: 25 % of the human half and 50k test tokens per control; full mode: the default recipe, and the
     * watermarked students of the same 20 runs must all be detected.
     */
    @Test
    void controlStudents_over20Seeds_haveUniformPValues() throws Exception {
        int n = 20;
        double[] control = new double[n];
        double[] student = new double[n];
        for (int i = 0; i < n; i++) {
            SimulationConfig c = SimulationConfig.of("kgw", 0.05, 100 + i, FULL).withTests(FULL, true);
            if (!FULL) {
                c = c.withSizes(0.25, 50_000);
            }
            SimulationResult r = DistillationSimulation.run(c, null);
            control[i] = r.control().pValue();
            student[i] = FULL ? r.student().pValue() : Double.NaN;
        }
        String report = "control p-values " + Arrays.toString(control) + (FULL ? "\nstudent p-values " + Arrays.toString(student) : "");
        System.out.println(report);
        assertTrue(Arrays.stream(control).allMatch(p -> p > 1e-3), report);
        double[] sorted = control.clone();
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < n; i++) {
            d = Math.max(d, Math.max((i + 1.0) / n - sorted[i], sorted[i] - (double) i / n));
        }
        assertTrue(d < 0.356, "KS distance " + d + "\n" + report);
        if (FULL) {
            assertTrue(Arrays.stream(student).allMatch(p -> p <= 1e-6), report);
        }
    }
}
