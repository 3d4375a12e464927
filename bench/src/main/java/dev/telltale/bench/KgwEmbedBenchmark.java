package dev.telltale.bench;

import dev.telltale.core.Schemes;
import dev.telltale.embed.KgwEmbedder;
import dev.telltale.embed.Sampler;
import dev.telltale.embed.SamplingConfig;
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
 * Per-decode-step cost of generation on the JVM side, in µs per step:
 * <ul>
 *   <li>{@code kgwBias}: {@link KgwEmbedder#process} with {@link Schemes#KGW_V1} (γ = 0.25, δ = 2, h = 2),
 *       one SipHash seed plus one PRF mix and green test per vocabulary entry, +δ on the green ones;</li>
 *   <li>{@code sample}: the shared {@link Sampler} at temperature 1, with top-p 1 (off) and 0.9.</li>
 * </ul>
 * V ranges over 32000 (Llama-2) and 151669 (Qwen3). The bias step reads successive windows of a
 * precomputed random context, so every step has a new seed; it biases one [V] logits array in place
 * (never reset, as copying fresh logits would dominate the measurement) and returns it. The sampler draws
 * from Zipf(s)-shaped logits, s = 1.5 by default: top token p ≈ 0.38, entropy ≈ 3.1 nats, a top-0.9
 * nucleus of about 55 tokens, i.e. a peaked next-token distribution like an LLM's.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -DskipTests -pl bench -am package
 * java -jar bench/target/benchmarks.jar KgwEmbedBenchmark
 * java -jar bench/target/benchmarks.jar KgwEmbedBenchmark.sample -p zipf=1.1   # a flatter distribution
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KgwEmbedBenchmark {
    private static final int CONTEXTS = 4096; // distinct windows cycled through; a power of two

    /** A KGW embedder and one [V] logits array. */
    @State(Scope.Thread)
    public static class BiasState {
        @Param({"32000", "151669"})
        public int vocab;

        KgwEmbedder embedder;
        int[] context;   // [CONTEXTS + h] random ids; step i sees context[0, h + i)
        float[] logits;  // [vocab]
        int step;

        @Setup
        public void setup() {
            embedder = new KgwEmbedder(BenchInputs.key(Schemes.KGW_V1, vocab).prf(), Schemes.KGW_V1);
            context = BenchInputs.uniformIds(CONTEXTS + Schemes.KGW_V1.contextWidth(), vocab, 3);
            logits = BenchInputs.zipfLogits(vocab, 1.5, 4);
        }
    }

    /** A sampler, its RNG and one [V] logits array. */
    @State(Scope.Thread)
    public static class SamplerState {
        @Param({"32000", "151669"})
        public int vocab;

        @Param({"1.0", "0.9"})
        public double topP;

        /** Zipf exponent s of the softmax at temperature 1. */
        @Param({"1.5"})
        public double zipf;

        Sampler sampler;
        SplittableRandom rng;
        float[] logits;  // [vocab]

        @Setup
        public void setup() {
            sampler = new Sampler(new SamplingConfig(1.0, 0, topP));
            rng = new SplittableRandom(5);
            logits = BenchInputs.zipfLogits(vocab, zipf, 6);
        }
    }

    /** One full-vocabulary KGW bias step. */
    @Benchmark
    public float[] kgwBias(BiasState s) {
        int length = Schemes.KGW_V1.contextWidth() + (s.step++ & (CONTEXTS - 1));
        s.embedder.process(s.context, length, s.logits);
        return s.logits;
    }

    /** One draw: softmax at temperature 1, optional nucleus, inverse-CDF draw. */
    @Benchmark
    public int sample(SamplerState s) {
        return s.sampler.sample(s.logits, s.rng);
    }
}
