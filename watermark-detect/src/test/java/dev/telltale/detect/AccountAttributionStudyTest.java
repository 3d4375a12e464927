package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.AccountCode;
import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.ExactTails;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kgw-accounts on the default model (docs/attribution.md): 400-token completions, each under a fresh key and
 * served to a random account of 10^6, traced from the decoded text as a user would. Quick mode: 32 texts;
 * {@code -Dtelltale.full=true}: 1,000 (plus the account-space sweep and code-length ablation at 200 texts each).
 * Results go to target/attribution (StudyReport).
 */
class AccountAttributionStudyTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final int TOKENS = 400;
    private static final int[] PREFIXES = {50, 100, 150, 200, 250, 300, 400};
    private static final double ALPHA = 1e-6;
    private static final String NAME = "rs-decode";
    private static List<AccountTexts.Text> main;
    private static final List<StudyReport.Row> ROWS = new ArrayList<>();

    @BeforeAll
    static void generate() {
        StudyReport.reset(NAME);
        long t0 = System.nanoTime();
        main = AccountTexts.generate(AccountCodeParameters.V1, FULL ? 1000 : 32, TOKENS, Long.MAX_VALUE, true, 1);
        StudyReport.note(NAME, String.format(Locale.ROOT, "generated %d kgw-accounts completions of %d tokens in %.0f s",
                main.size(), TOKENS, (System.nanoTime() - t0) / 1e9));
    }

    @Test
    void millionAccounts_400tokens_tracedFromText_95PercentRight_noneWrong() {
        TextTokenizer qwen = AccountTexts.qwen();
        int right = 0;
        int wrong = 0;
        double sumLog = 0;
        double worst = Double.NEGATIVE_INFINITY;
        long nanos = 0;
        for (AccountTexts.Text t : main) {
            Detector detector = new Detector(t.key(), qwen, ALPHA);
            int[] ids = detector.tokenize(qwen.decode(t.ids())); // the leaked text, re-tokenised
            AccountTracer tracer = AccountTracers.forKey(t.key(), ALPHA);
            long t0 = System.nanoTime();
            AccountAttribution a = tracer.trace(ids);
            nanos += System.nanoTime() - t0;
            if (a.attributed()) {
                right += a.candidate() == t.account() ? 1 : 0;
                wrong += a.candidate() != t.account() ? 1 : 0;
            }
            if (a.candidate() == t.account()) {
                sumLog += a.log10PValue();
                worst = Math.max(worst, a.log10PValue());
            }
        }
        StudyReport.note(NAME, String.format(Locale.ROOT, "N = 10^6, %d-token completions traced from text: %d/%d to the right "
                        + "account at p <= 1e-6, %d to a wrong one; mean log10 p %.1f, worst %.1f; trace %.2f ms per text",
                TOKENS, right, main.size(), wrong, sumLog / main.size(), worst, nanos / 1e6 / main.size()));
        assertEquals(0, wrong, "texts traced to a wrong account");
        assertTrue(right >= 0.95 * main.size(), right + "/" + main.size() + " traced to the right account");
    }

    @Test
    void accuracy_growsWithTokens_andNoPrefixNamesAWrongAccount() {
        List<StudyReport.Row> rows = curve("kgw-accounts", main, 1_000_000);
        StudyReport.Row at50 = rows.get(0);
        StudyReport.Row at400 = rows.get(rows.size() - 1);
        assertTrue(at50.right() < at400.right(), "more tokens, more texts traced: " + rows);
        rows.forEach(r -> assertEquals(0, r.wrong(), "wrong attributions at " + r.tokens() + " tokens"));
        if (FULL) { // account-space sweep, code-length and bias ablations
            for (long n : new long[] {1_000, 10_000, 1_000_000_000L, 1_000_000_000_000L}) {
                variant("kgw-accounts", new AccountCodeParameters(0.25, 2, 2, 0.25, 2, n, 5, 32), 2 + n);
            }
            variant("kgw-accounts m=6 L=64", new AccountCodeParameters(0.25, 2, 2, 0.25, 2, 1_000_000_000_000L, 6, 64), 9);
            for (int length : new int[] {16, 24}) {
                variant("kgw-accounts L=" + length, new AccountCodeParameters(0.25, 2, 2, 0.25, 2, 1_000_000, 5, length), 3 + length);
            }
            for (double[] d : new double[][] {{2, 1}, {2, 1.5}, {1.5, 1.5}}) {
                variant(String.format(Locale.ROOT, "kgw-accounts delta=%.1f delta_a=%.1f", d[0], d[1]),
                        new AccountCodeParameters(0.25, d[0], 2, 0.25, d[1], 1_000_000, 5, 32), 11 + (long) (10 * d[1]));
            }
        } else { // the extremes of the sweep, briefly
            for (long n : new long[] {1_000, 1_000_000_000_000L}) {
                AccountCodeParameters p = new AccountCodeParameters(0.25, 2, 2, 0.25, 2, n, 5, 32);
                List<StudyReport.Row> r = curve("kgw-accounts", AccountTexts.generate(p, 8, TOKENS, Long.MAX_VALUE, true, 2 + n), n);
                StudyReport.Row last = r.get(r.size() - 1);
                assertEquals(last.texts(), last.right(), "N = " + n + ": every 400-token text traced");
            }
        }
    }

    /** 100 texts of a parameter variant: accuracy curve, plain detection at 200 tokens, distortion. */
    private static void variant(String design, AccountCodeParameters p, long seed) {
        List<AccountTexts.Text> texts = AccountTexts.generate(p, 100, TOKENS, Long.MAX_VALUE, true, seed);
        curve(design, texts, p.accounts());
        double[] plain = detect200(texts, AccountTexts.qwen());
        StudyReport.note(NAME, String.format(Locale.ROOT, "%s: plain detect at 200 tokens %d/%d (mean log10 p %.1f), mean NLL %.3f nats",
                StudyReport.label(design, p.accounts()), (int) plain[0], texts.size(), plain[1], AccountTexts.meanNll(texts, 200)));
    }

    /** Traces prefixes of the texts' ids; records one row per prefix length. */
    private static List<StudyReport.Row> curve(String design, List<AccountTexts.Text> texts, long accounts) {
        List<StudyReport.Row> rows = new ArrayList<>();
        for (int len : PREFIXES) {
            int right = 0;
            int wrong = 0;
            double sumLog = 0;
            long nanos = 0;
            for (AccountTexts.Text t : texts) {
                AccountTracer tracer = AccountTracers.forKey(t.key(), ALPHA);
                int[] ids = t.prefix(len);
                long t0 = System.nanoTime();
                AccountAttribution a = tracer.trace(ids);
                nanos += System.nanoTime() - t0;
                right += a.attributed() && a.candidate() == t.account() ? 1 : 0;
                wrong += a.attributed() && a.candidate() != t.account() ? 1 : 0;
                sumLog += a.candidate() == t.account() ? a.log10PValue() : 0;
            }
            if (len == TOKENS && design.equals("kgw-accounts")) {
                StudyReport.cost(NAME + "-" + accounts, accounts, nanos / 1e6 / texts.size());
            }
            rows.add(new StudyReport.Row(design, accounts, len, texts.size(), right, wrong, sumLog / texts.size()));
        }
        rows.forEach(r -> StudyReport.note(NAME, "| " + StudyReport.label(r.design(), r.accounts()) + " | " + r.tokens() + " | "
                + r.right() + "/" + r.texts() + " | " + r.wrong() + " | " + String.format(Locale.ROOT, "%.1f", r.meanLog10P()) + " |"));
        synchronized (ROWS) {
            ROWS.addAll(rows);
            StudyReport.writeRows(NAME, ROWS);
        }
        return rows;
    }

    @Test
    void neighbourAccount_sharingKMinus1Positions_getsACalibratedPValue_whereTheNaiveTailDoesNot() {
        AccountCode code = AccountCodeParameters.V1.code();
        int k = code.messageSymbols();
        int n = main.size();
        int[] atLevel = new int[3];      // P_A ≤ 0.01, 0.05, 1e-6 with the agreement bound
        int[] naiveAtLevel = new int[3]; // the plain binomial tail over all scored tokens
        double[] levels = {0.01, 0.05, 1e-6};
        for (AccountTexts.Text t : main) {
            long neighbour = neighbour(t.account(), code, AccountCodeParameters.V1.accounts());
            AccountAttribution a = AccountTracers.forKey(t.key(), ALPHA).testAccount(t.ids(), neighbour);
            double naive = ExactTails.log10BinomialUpperTail(a.tokensScored(), a.matches(), 0.25);
            for (int i = 0; i < levels.length; i++) {
                atLevel[i] += a.log10PValue() <= Math.log10(levels[i]) ? 1 : 0;
                naiveAtLevel[i] += naive <= Math.log10(levels[i]) ? 1 : 0;
            }
        }
        StudyReport.note(NAME, String.format(Locale.ROOT, "neighbour accounts (same first %d of %d symbols as the true account, so "
                        + "%d of %d code positions agree), pre-specified, over %d texts: p <= 0.01 in %d, p <= 0.05 in %d, "
                        + "p <= 1e-6 in %d; naive binomial tail: %d, %d, %d",
                k - 1, k, k - 1, code.length(), n, atLevel[0], atLevel[1], atLevel[2], naiveAtLevel[0], naiveAtLevel[1], naiveAtLevel[2]));
        assertEquals(0, atLevel[2]);
        // super-uniform: P(p ≤ x) ≤ x, here within a 99.9% binomial margin
        assertTrue(atLevel[1] <= 0.05 * n + 3.3 * Math.sqrt(0.05 * 0.95 * n) + 1, atLevel[1] + " of " + n + " at 0.05");
        assertTrue(naiveAtLevel[1] > atLevel[1], "the agreement positions inflate the naive tail");
    }

    /** An account whose id shares the first K − 1 digits with {@code account}: its codeword agrees in K − 1 positions. */
    static long neighbour(long account, AccountCode code, long accounts) {
        int shift = 5 * (code.messageSymbols() - 1);
        for (long d = 1; d < 32; d++) {
            long candidate = account ^ (d << shift);
            if (candidate < accounts) {
                return candidate;
            }
        }
        throw new IllegalStateException("no neighbour for " + account);
    }

    @Test
    void humanText_isNeverTraced_andItsPValuesAreCalibrated() {
        List<int[]> segments = AccountTexts.brownSegments(TOKENS);
        SplittableRandom r = new SplittableRandom(5);
        int n = FULL ? segments.size() : 300;
        int attributed = 0;
        int fixedAccountAt001 = 0;
        int tracedAt001 = 0;
        for (int i = 0; i < n; i++) {
            int[] seg = segments.get(FULL ? i : r.nextInt(segments.size()));
            byte[] s = new byte[32];
            r.nextBytes(s);
            WatermarkKey key = WatermarkKey.fromSecret(s, AccountCodeParameters.V1, AccountTexts.qwen().ref(), Instant.EPOCH);
            AccountTracer tracer = AccountTracers.forKey(key, ALPHA);
            AccountAttribution a = tracer.trace(seg);
            attributed += a.attributed() ? 1 : 0;
            tracedAt001 += a.log10PValue() <= -2 ? 1 : 0;
            fixedAccountAt001 += tracer.testAccount(seg, r.nextLong(1_000_000)).log10PValue() <= -2 ? 1 : 0;
        }
        StudyReport.note(NAME, String.format(Locale.ROOT, "Brown (human) segments of %d tokens, %d keys: %d traced at 1e-6; "
                + "decoded account's corrected p <= 0.01: %d; a fixed account's p <= 0.01: %d", TOKENS, n, attributed, tracedAt001,
                fixedAccountAt001));
        assertEquals(0, attributed);
        assertTrue(fixedAccountAt001 <= 0.01 * n + 3.3 * Math.sqrt(0.01 * n) + 1, fixedAccountAt001 + "/" + n + " at 0.01");
    }

    @Test
    void plainDetect_ofAccountTexts_at200Tokens_matchesPlainKgw() {
        TextTokenizer qwen = AccountTexts.qwen();
        List<AccountTexts.Text> kgw = AccountTexts.generate(Schemes.KGW_V1, FULL ? 500 : 32, 200, 0, true, 4);
        List<AccountTexts.Text> none = AccountTexts.generate(Schemes.KGW_V1, FULL ? 200 : 16, 200, 0, false, 6);
        double[] account = detect200(main, qwen);
        double[] plain = detect200(kgw, qwen);
        double nllNone = AccountTexts.meanNll(none, 200);
        double nllKgw = AccountTexts.meanNll(kgw, 200);
        double nllAccount = AccountTexts.meanNll(main, 200);
        StudyReport.note(NAME, String.format(Locale.ROOT, "plain detect at 200 tokens (p <= 1e-6): kgw-accounts %d/%d (mean log10 p %.1f), "
                        + "kgw %d/%d (mean log10 p %.1f); mean NLL per token under the unwatermarked model: unwatermarked %.3f, "
                        + "kgw %.3f, kgw-accounts %.3f nats", (int) account[0], main.size(), account[1], (int) plain[0], kgw.size(),
                plain[1], nllNone, nllKgw, nllAccount));
        assertTrue(account[0] >= 0.95 * main.size(), "shared component detected in " + account[0] + "/" + main.size());
        assertTrue(nllAccount > nllNone, "the account component distorts the distribution: NLL " + nllAccount + " vs " + nllNone);
    }

    /** {detected at 1e-6, mean log10 p} of plain detection on the first 200 tokens, from text. */
    private static double[] detect200(List<AccountTexts.Text> texts, TextTokenizer qwen) {
        int detected = 0;
        double sum = 0;
        for (AccountTexts.Text t : texts) {
            Detection d = new Detector(t.key(), qwen, ALPHA).detect(qwen.decode(t.prefix(200)));
            detected += d.verdict() == Verdict.WATERMARKED ? 1 : 0;
            sum += d.log10PValue();
        }
        return new double[] {detected, sum / texts.size()};
    }
}
