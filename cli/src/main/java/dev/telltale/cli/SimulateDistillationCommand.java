package dev.telltale.cli;

import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.AccountKeysParameters;
import dev.telltale.corpus.simulate.AccountTraceSummary;
import dev.telltale.detect.PValues;
import dev.telltale.corpus.simulate.DistillationSimulation;
import dev.telltale.corpus.simulate.RadioactivityPlot;
import dev.telltale.corpus.simulate.SimulationConfig;
import dev.telltale.corpus.simulate.SimulationResult;
import dev.telltale.detect.radioactivity.RadioactivityResult;
import dev.telltale.detect.radioactivity.SeriesPoint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate-distillation", description = {"The radioactivity story in one command, over real HTTP on loopback "
        + "ports: a watermarked teacher is served, a competitor harvests its answers, a student n-gram model is trained on them "
        + "mixed with human text, served and tested through its endpoint; a control student without watermarked data likewise.",
        "With --accounts N the competitor harvests as the campaign did, through N accounts: the teacher is served with an account "
        + "key (as serve-model does, N API keys each mapped to an account id of a 10^6-account space), one answer per account; "
        + "the student is tested for the shared watermark and every harvested answer is traced to an account."})
final class SimulateDistillationCommand implements Callable<Integer> {
    private static final double DEFAULT_FRACTION = 0.05;

    @Option(names = "--watermarked-fraction", description = "Share of the student's training tokens that are harvested "
            + "watermarked answers, in [0, 1]. Default: 0.05. Not with --accounts (one answer per account, all the human text; "
            + "the share is measured).")
    Double fraction;

    @Option(names = "--scheme", description = "The teacher's watermark: kgw, gumbel or unigram; with --accounts kgw-accounts or "
            + "kgw-account-keys. Default: kgw, or kgw-accounts with --accounts.")
    String scheme;

    @Option(names = "--accounts", paramLabel = "N", description = "Harvest through N accounts (1.." + SimulationConfig.MAX_ACCOUNTS
            + "), one API key and one answer each, and trace every harvested answer to its account.")
    Integer accounts;

    @Option(names = "--answer-tokens", description = "Tokens per harvested answer. Default: 24, or "
            + SimulationConfig.ACCOUNT_ANSWER_TOKENS + " with --accounts (long enough to trace one answer among 10^6 accounts).")
    Integer answerTokens;

    @Option(names = "--seed", description = "Seed of the whole run (Brown split, key, prompts, sampling); random when absent.")
    Long seed;

    @Option(names = "--full", description = "Test with 1.5M output tokens per student instead of 400k.")
    boolean full;

    @Option(names = "--no-filter", description = "Score every window of the outputs, not only windows of the data we served.")
    boolean noFilter;

    @Option(names = "--plot", description = "Write both students' p-value against pairs scored as a PNG.")
    Path plot;

    @Option(names = "--json", description = "One JSON object with both verdicts (progress goes to stderr).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long s = seed != null ? seed : new SecureRandom().nextLong() >>> 1;
        SimulationConfig c = config(s);
        PrintStream log = json ? System.err : System.out;
        String schemeId = c.scheme().schemeId();
        if (c.throughAccounts()) {
            log.printf(Locale.ROOT, "simulate-distillation: scheme %s, harvest through %,d accounts x %d tokens, seed %d%n",
                    schemeId, c.accounts(), c.answerTokens(), s);
        } else {
            log.printf(Locale.ROOT, "simulate-distillation: scheme %s, %.1f%% watermarked training data, seed %d%n",
                    schemeId, 100 * c.fraction(), s);
        }
        SimulationResult r = DistillationSimulation.run(c, log);
        if (plot != null) {
            Map<String, List<SeriesPoint>> curves = new LinkedHashMap<>();
            curves.put(String.format(Locale.ROOT, "student (%.1f%% watermarked)", 100 * r.watermarkedFraction()),
                    r.student().series());
            curves.put("control (unwatermarked answers)", r.control().series());
            RadioactivityPlot.pValueVsPairs(plot, "simulate-distillation, " + schemeId + ", seed " + s, curves, 1e-6);
        }
        if (json) {
            Map<String, Object> m = r.toJson();
            if (plot != null) {
                m.put("plot", plot.toString());
            }
            System.out.println(Json.line(m));
        } else {
            System.out.println();
            if (r.accounts() != null) {
                System.out.println(traces(r));
            }
            System.out.println(verdict(String.format(Locale.ROOT, "student (%.1f%% watermarked data)", 100 * r.watermarkedFraction()),
                    r.student()));
            System.out.println(verdict("control (unwatermarked answers)", r.control()));
            System.out.printf(Locale.ROOT, "%.1f s; reproduce with --seed %d%s%n", r.seconds(), s, plot == null ? "" : "; plot: " + plot);
        }
        return 0;
    }

    /** The recipe from the options; a usage error for combinations that do not apply. */
    private SimulationConfig config(long s) {
        if (fraction != null && !(fraction >= 0 && fraction <= 1)) {
            throw new UsageException("--watermarked-fraction must be in [0, 1], got " + fraction);
        }
        if (answerTokens != null && (answerTokens < 4 || answerTokens > 4096)) {
            throw new UsageException("--answer-tokens must be in [4, 4096], got " + answerTokens);
        }
        String id = scheme != null ? scheme : accounts != null ? AccountCodeParameters.ID : "kgw";
        boolean accountScheme = id.equals(AccountCodeParameters.ID) || id.equals(AccountKeysParameters.ID);
        if (accounts == null && accountScheme) {
            throw new UsageException("--scheme " + id + " serves the teacher through accounts: pass --accounts N");
        }
        if (accounts != null && fraction != null) {
            throw new UsageException("--watermarked-fraction does not apply with --accounts: the harvest is one answer per account "
                    + "(--answer-tokens), mixed with all the human text, and its share is measured");
        }
        try {
            SimulationConfig c = accounts != null
                    ? SimulationConfig.throughAccounts(id, accounts, answerTokens != null ? answerTokens
                    : SimulationConfig.ACCOUNT_ANSWER_TOKENS, s, full)
                    : SimulationConfig.of(id, fraction != null ? fraction : DEFAULT_FRACTION, s, full);
            if (answerTokens != null) {
                c = c.withAnswerTokens(answerTokens);
            }
            return c.withFilter(!noFilter);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().startsWith("unknown scheme")
                    ? "--scheme must be kgw, gumbel or unigram (kgw-accounts or kgw-account-keys with --accounts), got " + id
                    : e.getMessage());
        }
    }

    static String traces(SimulationResult r) {
        AccountTraceSummary t = r.accounts();
        return String.format(Locale.ROOT, "harvested answers traced to an account: %,d of %,d to the account that fetched them, "
                        + "%,d to another, %,d to none (%s, p <= %s corrected for %,d accounts%s; %.1f ms per trace)", t.right(), t.texts(),
                t.wrong(), t.notAttributed(), t.method(), t.alpha(), t.accountSpace(), Double.isNaN(t.meanLog10PRight()) ? ""
                        : String.format(Locale.ROOT, "; mean log10 p %.1f, worst %.1f", t.meanLog10PRight(), t.worstLog10PRight()),
                t.msPerTrace());
    }

    static String verdict(String name, RadioactivityResult r) {
        long reach = SimulationResult.pairsToReach(r, r.detection().alpha());
        return String.format(Locale.ROOT, "%-34s %-13s p = %-9s over %,d pairs%s", name, r.detection().verdict().json(),
                PValues.format(r.log10PValue()), r.pairsScored(),
                reach > 0 ? String.format(Locale.ROOT, " (p <= %s after %,d pairs)",
                        PValues.format(Math.log10(r.detection().alpha())), reach) : "");
    }
}
