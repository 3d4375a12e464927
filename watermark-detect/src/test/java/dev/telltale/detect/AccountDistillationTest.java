package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.AccountCodeParameters;
import dev.telltale.core.ExactTails;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Distillation through 1,000 accounts: a competitor harvests completions from 1,000 different accounts of one
 * kgw-accounts key (10^6-account space) and trains a Kneser–Ney trigram student on them. Each account's own
 * component is diluted a thousandfold in the mixture, but the shared component is the same in every response,
 * so the student's own samples must carry it (pooled test, one dedup tape, over all pairs and over the pairs
 * whose window occurs in the served data: the filter of DESIGN.md §7); a student trained the same way on
 * unwatermarked completions must not. Quick mode: 100 tokens per account, 200 student samples of 100 tokens;
 * {@code -Dtelltale.full=true}: 256 tokens per account, 500 samples of 200 tokens.
 */
class AccountDistillationTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final int ACCOUNTS = 1000;
    private static final int PER_ACCOUNT = FULL ? 256 : 100;
    private static final int SAMPLES = FULL ? 500 : 200;
    private static final int SAMPLE_TOKENS = FULL ? 200 : 100;

    @Test
    void studentOfAThousandAccounts_carriesTheSharedWatermark_andNamesNoAccountOutsideTheHarvest() {
        TextTokenizer qwen = AccountTexts.qwen();
        List<int[]> brown = AccountTexts.brownSegments(8);
        byte[] secret = new byte[32];
        new SplittableRandom(21).nextBytes(secret);
        WatermarkKey key = WatermarkKey.fromSecret(secret, AccountCodeParameters.V1, qwen.ref(), Instant.EPOCH);
        long[] accounts = new SplittableRandom(22).longs(0, AccountCodeParameters.V1.accounts()).distinct().limit(ACCOUNTS).toArray();
        Set<Long> harvested = new HashSet<>();
        Arrays.stream(accounts).forEach(harvested::add);

        long t0 = System.nanoTime();
        List<int[]> watermarkedHarvest = harvest(key, accounts, brown, true);
        List<int[]> plainHarvest = harvest(key, accounts, brown, false);
        KneserNeyModel student = KneserNeyModel.train(watermarkedHarvest, qwen.vocabSize(), 3);
        KneserNeyModel control = KneserNeyModel.train(plainHarvest, qwen.vocabSize(), 3);
        List<int[]> studentSamples = sample(student, brown, 31);
        List<int[]> controlSamples = sample(control, brown, 31);

        Detector detector = new Detector(key, qwen, 1e-6);
        Detection fromStudent = pooled(detector, studentSamples);
        Detection fromControl = pooled(detector, controlSamples);
        Set<Long> served = windows(watermarkedHarvest);
        double[] filtered = filtered(key, studentSamples, served);
        double[] filteredControl = filtered(key, controlSamples, windows(plainHarvest));
        AccountTracer tracer = AccountTracers.forKey(key, 1e-6);
        int traced = 0;
        int outsideHarvest = 0;
        for (int[] s : studentSamples) {
            AccountAttribution a = tracer.trace(s);
            traced += a.attributed() ? 1 : 0;
            outsideHarvest += a.attributed() && !harvested.contains(a.candidate()) ? 1 : 0;
        }
        StudyReport.note("distillation", String.format(Locale.ROOT, "harvest: %d accounts x %d tokens; student samples: %d x %d "
                        + "tokens; pooled shared-component test: student T = %d, green %.3f, log10 p = %.1f; control student "
                        + "T = %d, green %.3f, log10 p = %.2f; only windows seen in the served data: student T = %.0f, green %.3f, "
                        + "log10 p = %.1f, control T = %.0f, green %.3f, log10 p = %.2f; student samples traced to an account "
                        + "at 1e-6: %d (outside the harvested accounts: %d); %.0f s", ACCOUNTS, PER_ACCOUNT, SAMPLES, SAMPLE_TOKENS,
                fromStudent.tokensScored(), fromStudent.score() / fromStudent.tokensScored(), fromStudent.log10PValue(),
                fromControl.tokensScored(), fromControl.score() / fromControl.tokensScored(), fromControl.log10PValue(),
                filtered[0], filtered[1] / filtered[0], filtered[2], filteredControl[0], filteredControl[1] / filteredControl[0],
                filteredControl[2], traced, outsideHarvest, (System.nanoTime() - t0) / 1e9));
        assertTrue(filtered[2] <= -6, "student carries the shared watermark: log10 p " + filtered[2]);
        assertTrue(filteredControl[2] > -3, "control student is clean: log10 p " + filteredControl[2]);
        assertTrue(fromControl.log10PValue() > -3, "control student is clean: log10 p " + fromControl.log10PValue());
        assertEquals(0, outsideHarvest, "student samples named an account that was never harvested");
    }

    /** One completion per account, each after an 8-token Brown opening (prompt and completion both kept). */
    private static List<int[]> harvest(WatermarkKey key, long[] accounts, List<int[]> brown, boolean watermark) {
        KneserNeyModel model = AccountTexts.model();
        int[][] out = new int[accounts.length][];
        IntStream.range(0, accounts.length).parallel().forEach(i -> {
            SplittableRandom r = new SplittableRandom(1000L * (watermark ? 1 : 2) + i);
            int[] prompt = brown.get(r.nextInt(brown.size()));
            Generator g = Generator.withMixturePath(model.copy(), watermark ? Embedders.forKey(key, accounts[i]) : null,
                    SamplingConfig.DEFAULT);
            int[] completion = g.generate(prompt, PER_ACCOUNT, -1, r);
            int[] doc = Arrays.copyOf(prompt, prompt.length + completion.length);
            System.arraycopy(completion, 0, doc, prompt.length, completion.length);
            out[i] = doc;
        });
        return new ArrayList<>(List.of(out));
    }

    /** The student's own samples (no watermark), each after a 2-token Brown opening; completions only. */
    private static List<int[]> sample(KneserNeyModel student, List<int[]> brown, long seed) {
        int[][] out = new int[SAMPLES][];
        IntStream.range(0, SAMPLES).parallel().forEach(i -> {
            SplittableRandom r = new SplittableRandom(seed * 7919 + i);
            int[] prompt = Arrays.copyOf(brown.get(r.nextInt(brown.size())), 2);
            out[i] = Generator.withMixturePath(student.copy(), null, SamplingConfig.DEFAULT).generate(prompt, SAMPLE_TOKENS, -1, r);
        });
        return List.of(out);
    }

    /** The h = 2 windows of the served documents, packed two ids to a long. */
    private static Set<Long> windows(List<int[]> docs) {
        Set<Long> w = new HashSet<>();
        for (int[] d : docs) {
            for (int t = 2; t <= d.length; t++) {
                w.add(((long) d[t - 2] << 32) | d[t - 1]);
            }
        }
        return w;
    }

    /**
     * {T, green count, log10 p}: the pooled kgw test of the shared component over the distinct (window, token)
     * pairs of the samples whose window occurs in the served data (DESIGN.md §7's filter: windows the
     * provider never served carry no signal to learn, so leaving them out only removes noise).
     */
    private static double[] filtered(WatermarkKey key, List<int[]> samples, Set<Long> served) {
        long threshold = Tt1Prf.greenThreshold(0.25);
        Set<List<Integer>> seen = new HashSet<>();
        long t = 0;
        long green = 0;
        for (int[] s : samples) {
            for (int i = 2; i < s.length; i++) {
                if (served.contains(((long) s[i - 2] << 32) | s[i - 1]) && seen.add(List.of(s[i - 2], s[i - 1], s[i]))) {
                    t++;
                    green += Tt1Prf.isGreen(Tt1Prf.value(key.prf().seed(s, i - 2, i), s[i]),
                            threshold) ? 1 : 0;
                }
            }
        }
        return new double[] {t, green, ExactTails.log10BinomialUpperTail(t, green, 0.25)};
    }

    private static Detection pooled(Detector detector, List<int[]> samples) {
        PooledDetector pool = new PooledDetector(detector);
        samples.forEach(pool::addIds);
        return pool.result();
    }
}
