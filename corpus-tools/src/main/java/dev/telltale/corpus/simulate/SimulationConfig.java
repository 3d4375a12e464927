package dev.telltale.corpus.simulate;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import java.util.Set;

/**
 * What a distillation simulation does and at what size.
 *
 * @param scheme        the teacher's watermark (per-pair schemes: kgw, unigram, gumbel)
 * @param fraction      share of the student's training tokens that are harvested watermarked answers, in [0, 1]
 * @param seed          everything random: the Brown split, the key, prompts, sampling
 * @param humanShare    share of the human half of Brown the students train on (1 = about 640k tokens)
 * @param answerTokens  tokens per harvested answer (one answer per prompt)
 * @param testTokens    output tokens the closed-model test asks each suspect for
 * @param testMaxTokens tokens per test request
 * @param studentOrder  n-gram order of the students (at least h + 1 so they can learn a window's green list)
 * @param testStudent   test the student trained on the harvest
 * @param testControl   test the control student (same recipe with an unwatermarked harvest)
 * @param filter        score only windows of the data we served (the harvest), as the supervised setting of [1]
 */
public record SimulationConfig(SchemeParameters scheme, double fraction, long seed, double humanShare, int answerTokens,
                               long testTokens, int testMaxTokens, int studentOrder, boolean testStudent, boolean testControl,
                               boolean filter) {
    /** The fraction whose harvest size a 0 % run still harvests (the data we served, for the filter). */
    public static final double SERVED_FRACTION_AT_ZERO = 0.05;
    private static final Set<String> SCHEMES = Set.of("kgw", "unigram", "gumbel");

    public SimulationConfig {
        if (!SCHEMES.contains(scheme.schemeId())) {
            throw new IllegalArgumentException("the simulation supports schemes " + SCHEMES + ", not " + scheme.schemeId());
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("watermarked fraction must be in [0, 1], got " + fraction);
        }
        if (!(humanShare > 0 && humanShare <= 1) || answerTokens < 4 || testTokens < testMaxTokens || testMaxTokens < 4) {
            throw new IllegalArgumentException("bad simulation sizes");
        }
        if (studentOrder < 2 || studentOrder > 5) {
            throw new IllegalArgumentException("student order must be in [2, 5], got " + studentOrder);
        }
    }

    /**
     * The default recipe: all human text, 24-token answers, students of order max(3, h + 1), tests of 400k
     * output tokens (quick) or 1.5M ({@code full}) in 48-token requests, with the filter (not for unigram:
     * without a window the filter would select the scored tokens themselves).
     */
    public static SimulationConfig of(String schemeId, double fraction, long seed, boolean full) {
        SchemeParameters s = Schemes.preset(schemeId);
        int h = s.toJson().get("context_width") instanceof Number n ? n.intValue() : 0;
        return new SimulationConfig(s, fraction, seed, 1.0, 24, full ? 1_500_000 : 400_000, 48, Math.max(3, h + 1), true, true,
                h > 0);
    }

    public SimulationConfig withSizes(double share, long tokensPerTest) {
        return new SimulationConfig(scheme, fraction, seed, share, answerTokens, tokensPerTest, testMaxTokens, studentOrder,
                testStudent, testControl, filter);
    }

    public SimulationConfig withTests(boolean student, boolean control) {
        return new SimulationConfig(scheme, fraction, seed, humanShare, answerTokens, testTokens, testMaxTokens, studentOrder,
                student, control, filter);
    }

    public SimulationConfig withFilter(boolean on) {
        return new SimulationConfig(scheme, fraction, seed, humanShare, answerTokens, testTokens, testMaxTokens, studentOrder,
                testStudent, testControl, on);
    }
}
