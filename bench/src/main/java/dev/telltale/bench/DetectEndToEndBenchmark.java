package dev.telltale.bench;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detection end to end on one core, as {@code telltale detect} runs it minus file I/O: NFC, tokenisation
 * with the key's tokenizer ({@code impl}), dedup, PRF, exact tail. One Brown document per operation, in
 * corpus order, round and round; the secondary result {@code tokens} is tokens per second.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -DskipTests -pl bench -am package
 * java -jar bench/target/benchmarks.jar DetectEndToEndBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class DetectEndToEndBenchmark {
    @Param({"FAST", "DJL"})
    public TokenizerImpl impl;

    private Detector detector;
    private String[] docs;
    private int next;

    /** Tokens detected, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        public long tokens;

        @Setup(Level.Iteration)
        public void reset() {
            tokens = 0;
        }
    }

    @Setup
    public void setup() {
        TextTokenizer tok = Tokenizers.load("qwen3", impl);
        byte[] secret = new byte[32];
        secret[0] = 42;
        WatermarkKey key = WatermarkKey.fromSecret(secret, Schemes.KGW_V1, tok.ref(), Instant.EPOCH);
        detector = new Detector(key, tok, 1e-6);
        docs = EmbeddedCorpora.brown().stream().map(EmbeddedCorpora.Document::text).toArray(String[]::new);
    }

    /** Detects the next Brown document. */
    @Benchmark
    public Detection detectDocument(Counts counts) {
        Detection d = detector.detect(docs[next]);
        next = (next + 1) % docs.length;
        counts.tokens += d.tokensTotal();
        return d;
    }
}
