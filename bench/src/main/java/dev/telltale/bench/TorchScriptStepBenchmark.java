package dev.telltale.bench;

import dev.telltale.core.Schemes;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedder;
import dev.telltale.embed.SamplingConfig;
import dev.telltale.embed.djl.TorchScriptModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decode step of a neural model through DJL (the committed TorchScript LM, testdata/models/brown-qwen3-tiny:
 * 2 layers, d 48, V = 151,669, through libtorch 2.7.1 on the CPU), in µs per step, and the watermark's cost on
 * top of it. {@code model} runs {@link TorchScriptModel#logits} alone on {@code window} ids (BOS and
 * {@code window − 1} context ids); {@code modelAndStep} adds the full serving step after it
 * ({@link Embedder#sample}: the watermark on raw logits, temperature 1, the draw); {@code scheme = plain} is that step without a watermark. The
 * watermark's share is {@code modelAndStep(kgw) − modelAndStep(plain)}. Contexts are uniform ids, a new one
 * every step (4,096 cycled).
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -DskipTests -pl bench -am package
 * cp bench/target/benchmarks.jar /tmp/ &amp;&amp; java -jar /tmp/benchmarks.jar TorchScriptStepBenchmark
 * java -jar /tmp/benchmarks.jar TorchScriptStepBenchmark -jvmArgsAppend -Dtelltale.model=DIR   # another model
 * </pre>
 * Run from the repository root (the model directory is resolved from there). PyTorch uses its default thread
 * pools (2 intra-op threads on 2 cores); set {@code -Dai.djl.pytorch.num_threads=N} to change them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TorchScriptStepBenchmark {
    private static final int CONTEXTS = 4096; // distinct steps cycled through; a power of two

    @State(Scope.Thread)
    public static class StepState {
        @Param({"plain", "kgw", "gumbel"})
        public String scheme;

        /** Ids fed per step, BOS included (the model's context length is 64). */
        @Param({"16", "64"})
        public int window;

        TorchScriptModel model;
        Embedder embedder;
        SplittableRandom rng;
        int[] context;  // [CONTEXTS + window] uniform ids
        int[] buffer;   // [window - 1] this step's context
        float[] logits; // [V]
        int step;

        @Setup(Level.Trial)
        public void setup() throws IOException {
            model = TorchScriptModel.load(Path.of(System.getProperty("telltale.model", "testdata/models/brown-qwen3-tiny")));
            int v = model.vocabSize();
            SamplingConfig sampling = SamplingConfig.DEFAULT;
            embedder = switch (scheme) {
                case "plain" -> Embedder.plain(sampling);
                case "kgw" -> Embedder.forKey(BenchInputs.key(Schemes.KGW_V1, v), sampling);
                case "gumbel" -> Embedder.forKey(BenchInputs.key(Schemes.GUMBEL_V1, v), sampling);
                default -> throw new IllegalArgumentException("unknown scheme " + scheme);
            };
            rng = new SplittableRandom(7);
            context = BenchInputs.uniformIds(CONTEXTS + window, v, 3);
            logits = new float[v];
            buffer = new int[window - 1];
        }

        @TearDown(Level.Trial)
        public void close() {
            model.close();
        }

        /** Copies this step's context (window − 1 ids, fed after BOS) into {@code buffer} and returns its length. */
        int nextContext() {
            System.arraycopy(context, step++ & (CONTEXTS - 1), buffer, 0, window - 1);
            return window - 1;
        }
    }

    /** The model's logits for one step. */
    @Benchmark
    public float[] model(StepState s) {
        int length = s.nextContext();
        s.model.logits(s.buffer, length, s.logits);
        return s.logits;
    }

    /** The model's logits, then the serving step (watermark + sampler + draw). */
    @Benchmark
    public int modelAndStep(StepState s) {
        int length = s.nextContext();
        s.model.logits(s.buffer, length, s.logits);
        return s.embedder.sample(s.buffer, length, s.logits, s.rng);
    }
}
