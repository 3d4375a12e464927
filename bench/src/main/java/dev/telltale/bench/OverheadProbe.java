package dev.telltale.bench;

import dev.telltale.core.KgwParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import dev.telltale.embed.Embedder;
import dev.telltale.embed.SamplingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A contention-tolerant companion to the JMH benchmarks: on a shared machine JMH's averages move with
 * the other processes' load, while the 10th percentile of many short timed runs in one JVM stays close to
 * the idle figure. Prints, per scheme, the p10 of one serving step ({@link Embedder#sample}, the
 * {@code SchemeStepBenchmark} workload) and its ratio to plain sampling, then the p10 scoring throughput
 * of 100 texts of 1,000 ids ({@code KgwScoringBenchmark}'s text-like ids).
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -DskipTests -pl bench -am package &amp;&amp; cp bench/target/benchmarks.jar /tmp/
 * java --add-modules jdk.incubator.vector -cp /tmp/benchmarks.jar dev.telltale.bench.OverheadProbe step 151669 0
 * java --add-modules jdk.incubator.vector -cp /tmp/benchmarks.jar dev.telltale.bench.OverheadProbe step 151669 50
 * java --add-modules jdk.incubator.vector -cp /tmp/benchmarks.jar dev.telltale.bench.OverheadProbe score 151669
 * java ... OverheadProbe step 151669 50 kgw-selfhash,synthid   (plain and only the schemes named)
 * </pre>
 * {@code step V K} runs each scheme in its own child JVM (as JMH forks do): mixing them in one JVM changes
 * what the JIT compiles for the shared sampler. Each line's ratio is to plain sampling in the same JVM, timed
 * step for step alongside it (plain, scheme, plain, ...): at top-k the steps take tens of microseconds, and
 * plain measured alone before the scheme varied by a third between JVMs.
 */
public final class OverheadProbe {
    private static final String[] SCHEMES = {"plain", "kgw", "unigram", "kgw-selfhash", "gumbel", "synthid"};
    private static final int REPS = 3000;
    private static final int WARMUP = 1000;

    private OverheadProbe() {}

    public static void main(String[] args) {
        int vocab = Integer.parseInt(args[1]);
        if (args[0].equals("step") && args.length > 3) {
            step(vocab, Integer.parseInt(args[2]), ("plain," + args[3]).split(","));
        } else if (args[0].equals("step")) {
            forkPerScheme(args[1], args[2]);
        } else {
            score(vocab);
        }
    }

    /**
     * One child JVM per scheme (plain measured again in each, as the ratio's denominator): a JIT that has
     * compiled the shared sampler for one scheme's bias is not the one a server running another scheme gets
     * (kgw-selfhash at top-k 50 measured 1.21x after four other schemes in one JVM, 0.93x alone).
     */
    private static void forkPerScheme(String vocab, String topK) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 1; i < SCHEMES.length; i++) {
            try {
                Process p = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector", "-cp",
                        System.getProperty("java.class.path"), OverheadProbe.class.getName(), "step", vocab, topK, SCHEMES[i])
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .split("\n");
                p.waitFor();
                if (i == 1) {
                    System.out.println(lines[0]); // plain, from the first child
                }
                System.out.println(lines[lines.length - 1]);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("child JVM for " + SCHEMES[i] + " failed", e);
            }
        }
    }

    /**
     * Plain sampling and each scheme in turn, step by step (plain, scheme, plain, scheme, ...), so that both see
     * the same machine state; the first {@link #WARMUP} steps of each are not counted.
     */
    private static void step(int vocab, int topK, String[] schemes) {
        float[] model = BenchInputs.zipfLogits(vocab, 1.5, 4);
        int[] context = BenchInputs.uniformIds(5000, vocab, 3);
        SamplingConfig sampling = new SamplingConfig(1.0, topK, 1.0);
        Embedder plain = Embedder.plain(sampling);
        float[] logits = new float[vocab];
        SplittableRandom rng = new SplittableRandom(7);
        boolean first = true;
        for (String scheme : schemes) {
            if (scheme.equals("plain")) {
                continue;
            }
            Embedder e = Embedder.forKey(BenchInputs.key(Schemes.preset(scheme), vocab), sampling);
            long[] plainNanos = new long[REPS];
            long[] nanos = new long[REPS];
            for (int i = -WARMUP; i < REPS; i++) {
                int length = 1024 + Math.floorMod(i, 3000);
                System.arraycopy(model, 0, logits, 0, vocab);
                long t0 = System.nanoTime();
                plain.sample(context, length, logits, rng);
                long t1 = System.nanoTime();
                System.arraycopy(model, 0, logits, 0, vocab);
                long t2 = System.nanoTime();
                e.sample(context, length, logits, rng);
                long t3 = System.nanoTime();
                if (i >= 0) {
                    plainNanos[i] = t1 - t0;
                    nanos[i] = t3 - t2;
                }
            }
            double p10Plain = p10(plainNanos) / 1e3;
            double p10 = p10(nanos) / 1e3;
            if (first) {
                System.out.printf("step V=%d top-k=%d %-13s p10 %8.1f us  ratio %.3f%n", vocab, topK, "plain", p10Plain, 1.0);
                first = false;
            }
            System.out.printf("step V=%d top-k=%d %-13s p10 %8.1f us  ratio %.3f  (plain alongside %.1f us)%n", vocab, topK,
                    scheme, p10, p10 / p10Plain, p10Plain);
        }
    }

    private static void score(int vocab) {
        int[] ids = BenchInputs.textLikeIds(100_000, vocab, 1.1, 0.005, 8);
        int[][] texts = new int[100][];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = Arrays.copyOfRange(ids, i * 1000, (i + 1) * 1000);
        }
        for (String scheme : new String[] {"kgw", "kgw-h4", "unigram"}) {
            SchemeParameters p = scheme.equals("kgw-h4") ? new KgwParameters(0.25, 2.0, 4) : Schemes.preset(scheme);
            Detector d = new Detector(BenchInputs.key(p, vocab), new IdsOnlyTokenizer(vocab), Detector.DEFAULT_ALPHA);
            long[] nanos = new long[300];
            long sink = 0;
            for (int r = 0; r < nanos.length; r++) {
                long t0 = System.nanoTime();
                for (int[] text : texts) {
                    sink += d.detectIds(text).tokensScored();
                }
                nanos[r] = System.nanoTime() - t0;
            }
            System.out.printf("score V=%d %-8s 100 texts x 1000 ids: p10 %.1f M tokens/s (%d scored)%n", vocab, scheme,
                    100_000 / (p10(nanos) / 1e9) / 1e6, sink / nanos.length);
        }
    }

    private static double p10(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 10];
    }
}
