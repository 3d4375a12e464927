package dev.telltale.bench;

import dev.telltale.core.Schemes;
import dev.telltale.core.Tt1Prf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two halves of the tt1 PRF, in PRF evaluations per second (one op = one evaluation):
 * {@code seed} is one SipHash-2-4 over an h = 2 context window (once per decode step or scored
 * position), {@code value} is the 64-bit mix u(s, v) of one candidate token (once per vocabulary entry
 * per step when embedding). Each invocation runs {@value #BATCH} evaluations over precomputed inputs and
 * returns their XOR, so nothing can be eliminated.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -DskipTests -pl bench -am package
 * java -jar bench/target/benchmarks.jar PrfBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PrfBenchmark {
    static final int BATCH = 1024;
    private static final int H = Schemes.KGW_V1.contextWidth();

    private Tt1Prf prf;
    private int[] ids;     // [BATCH + H] random token ids: BATCH overlapping windows of width H
    private long[] seeds;  // [BATCH] context seeds, one per candidate evaluation
    private int[] tokens;  // [BATCH] candidate ids

    @Setup
    public void setup() {
        prf = BenchInputs.key(Schemes.KGW_V1, 151_669).prf();
        ids = BenchInputs.uniformIds(BATCH + H, 151_669, 1);
        tokens = BenchInputs.uniformIds(BATCH, 151_669, 2);
        seeds = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            seeds[i] = prf.seed(ids, i, i + H);
        }
    }

    /** One SipHash-2-4 per context window ids[i, i + h). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long seed() {
        long acc = 0;
        for (int i = 0; i < BATCH; i++) {
            acc ^= prf.seed(ids, i, i + H);
        }
        return acc;
    }

    /** One u(s, v) per (seed, candidate) pair. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long value() {
        long acc = 0;
        for (int i = 0; i < BATCH; i++) {
            acc ^= Tt1Prf.value(seeds[i], tokens[i]);
        }
        return acc;
    }
}
