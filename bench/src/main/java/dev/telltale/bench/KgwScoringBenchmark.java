package dev.telltale.bench;

import dev.telltale.core.Schemes;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * KGW detection throughput in tokens per second (one op = one token): {@link Detector#detectIds} on
 * {@value #TOKENS} pre-tokenised ids, i.e. the real scoring path without the tokenizer: dedup tape, one
 * SipHash seed and one green test per new (window, token) tuple, then the exact binomial tail.
 *
 * <p>Inputs, fixed per trial: {@code uniform} draws ids uniformly from [0, V) (almost no tuple repeats);
 * {@code textlike} draws Zipf(1.1) unigrams and, with probability 0.005 per position, copies an 8..63-token
 * span from earlier in the text, so repeated tuples are skipped by the dedup rule as in real text. The
 * setup prints how many positions were scored. The key is {@link Schemes#KGW_V1}; the tokenizer is
 * {@link IdsOnlyTokenizer}, which only carries V.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -DskipTests -pl bench -am package
 * java -jar bench/target/benchmarks.jar KgwScoringBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KgwScoringBenchmark {
    static final int TOKENS = 100_000;

    @Param({"32000", "151669"})
    public int vocab;

    @Param({"uniform", "textlike"})
    public String ids;

    private Detector detector;
    private int[] input; // [TOKENS] token ids

    @Setup
    public void setup() {
        detector = new Detector(BenchInputs.key(Schemes.KGW_V1, vocab), new IdsOnlyTokenizer(vocab),
                Detector.DEFAULT_ALPHA);
        input = switch (ids) {
            case "uniform" -> BenchInputs.uniformIds(TOKENS, vocab, 7);
            case "textlike" -> BenchInputs.textLikeIds(TOKENS, vocab, 1.1, 0.005, 8);
            default -> throw new IllegalArgumentException("ids must be uniform or textlike, got " + ids);
        };
        Detection d = detector.detectIds(input);
        System.out.printf("%n# %s ids, V = %d: %d of %d positions scored after dedup, green fraction %.4f%n",
                ids, vocab, d.tokensScored(), d.tokensTotal(), d.score() / d.tokensScored());
    }

    /** Scores the whole text; the returned detection carries the count, score and p-value. */
    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public Detection detectIds() {
        return detector.detectIds(input);
    }
}
