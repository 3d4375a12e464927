package dev.telltale.bench;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedder;
import dev.telltale.embed.SamplingConfig;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full decode step after the model's logits, in µs per step, exactly as {@code Generator} and a serving
 * engine run it: copy the step's logits into the work buffer, then {@link Embedder#sample} (the watermark on
 * raw logits, temperature, top-k, top-p, the draw; with top-k, kgw and unigram take the pruned path).
 * {@code plain} is {@link Embedder#plain}, the same step without a watermark: the baseline of the overhead.
 * Forks run with {@code --add-modules=jdk.incubator.vector} (SIMD KGW bias); append
 * {@code -jvmArgsAppend -Dscalar} (which replaces it) to measure the scalar fallback.
 *
 * <p>Schemes are the native presets of {@link Schemes} (KGW_V1, UNIGRAM_V1, KGW_SELFHASH_V1, GUMBEL_V1,
 * SYNTHID_V1); V ∈ {32000 (Llama-2), 128256 (Llama 3), 151669 (Qwen3)}; temperature 1, top-p 1 (off) and
 * top-k 0 (full vocabulary) or 50. Logits are Zipf(1.5)-shaped (top token p ≈ 0.38, entropy ≈ 3.1 nats).
 *
 * <p>Context: step i sees {@code context[0, 1024 + i mod 4096)} of one precomputed stream of uniform ids
 * whose 4-token windows are all distinct (checked in setup). So every step has a new seed, no step is
 * masked as a repeated context (gumbel and synthid draw without the watermark on a repeat, see
 * {@code RepeatedContexts}), and the repeat scan always reads its full history of 1,024 windows: the
 * watermarked path, at its worst-case masking cost, is what is measured. The sampled token is returned
 * (not appended: the stream stays repeat-free).
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -DskipTests -pl bench -am package
 * cp bench/target/benchmarks.jar /tmp/ &amp;&amp; java -jar /tmp/benchmarks.jar SchemeStepBenchmark
 * java -jar /tmp/benchmarks.jar SchemeStepBenchmark -p scheme=plain,synthid -p vocab=151669
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SchemeStepBenchmark {
    private static final int PREFIX = 1024;   // prompt ids before the first step (= the repeat-scan history)
    private static final int CONTEXTS = 4096; // distinct steps cycled through; a power of two
    private static final int MAX_WIDTH = 4;   // the widest window of the presets (gumbel, synthid: h = 4)

    /** A scheme's processor, the shared sampler, one step's raw logits and the work buffer. */
    @State(Scope.Thread)
    public static class StepState {
        @Param({"plain", "kgw", "unigram", "kgw-selfhash", "gumbel", "synthid"})
        public String scheme;

        @Param({"32000", "128256", "151669"})
        public int vocab;

        @Param({"0", "50"})
        public int topK;

        Embedder embedder;         // Embedder.plain for "plain"
        SamplingConfig sampling;
        SplittableRandom rng;
        int[] context;  // [PREFIX + CONTEXTS] uniform ids, all 4-windows distinct
        float[] model;  // [vocab] the model's logits, never modified
        float[] logits; // [vocab] the work buffer
        int step;

        @Setup
        public void setup() {
            sampling = new SamplingConfig(1.0, topK, 1.0);
            embedder = Embedder.plain(sampling);
            rng = new SplittableRandom(7);
            if (!scheme.equals("plain")) {
                byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
                for (int i = 0; i < secret.length; i++) {
                    secret[i] = (byte) (i * 37 + 11);
                }
                WatermarkKey key = WatermarkKey.fromSecret(secret, preset(scheme),
                        new TokenizerRef("bench", "0".repeat(64), vocab), Instant.EPOCH);
                embedder = Embedder.forKey(key, sampling);
            }
            context = BenchInputs.uniformIds(PREFIX + CONTEXTS, vocab, 3);
            Set<String> windows = new HashSet<>();
            for (int e = MAX_WIDTH; e <= context.length; e++) {
                String w = context[e - 4] + "," + context[e - 3] + "," + context[e - 2] + "," + context[e - 1];
                if (!windows.add(w)) {
                    throw new IllegalStateException("repeated 4-window in the context stream at " + e);
                }
            }
            model = BenchInputs.zipfLogits(vocab, 1.5, 4);
            logits = new float[vocab];
        }

        private static SchemeParameters preset(String id) {
            return switch (id) {
                case "kgw" -> Schemes.KGW_V1;
                case "unigram" -> Schemes.UNIGRAM_V1;
                case "kgw-selfhash" -> Schemes.KGW_SELFHASH_V1;
                case "gumbel" -> Schemes.GUMBEL_V1;
                case "synthid" -> Schemes.SYNTHID_V1;
                default -> throw new IllegalArgumentException("unknown scheme " + id);
            };
        }
    }

    /** Copy logits, then one serving step ({@link Embedder#sample}): one generation step minus the model. */
    @Benchmark
    public int step(StepState s) {
        int length = PREFIX + (s.step++ & (CONTEXTS - 1));
        System.arraycopy(s.model, 0, s.logits, 0, s.vocab);
        return s.embedder.sample(s.context, length, s.logits, s.rng);
    }
}
