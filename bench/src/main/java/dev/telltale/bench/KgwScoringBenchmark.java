package dev.telltale.bench;

import dev.telltale.core.KgwParameters;
import dev.telltale.core.SchemeParameters;
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
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KgwScoringBenchmark {
    static final int TOKENS = 100_000;

    @Param({"32000", "151669"})
    public int vocab;

    @Param({"uniform", "textlike"})
    public String ids;

    /** {@code kgw} (h = 2, the default), {@code kgw-h4} (h = 4) or {@code unigram} (h = 0). */
    @Param({"kgw", "kgw-h4", "unigram"})
    public String scheme;

    /** Ids per text: {@value #TOKENS} ids are scored as TOKENS / textLength texts, each with its own dedup. */
    @Param({"1000", "100000"})
    public int textLength;

    private Detector detector;
    private int[] input; // [TOKENS] token ids
    private int[][] texts; // [TOKENS / textLength][textLength] the same ids cut into texts

    @Setup
    public void setup() {
        SchemeParameters params = switch (scheme) {
            case "kgw" -> Schemes.KGW_V1;
            case "kgw-h4" -> new KgwParameters(0.25, 2.0, 4);
            case "unigram" -> Schemes.UNIGRAM_V1;
            default -> throw new IllegalArgumentException("scheme must be kgw, kgw-h4 or unigram, got " + scheme);
        };
        detector = new Detector(BenchInputs.key(params, vocab), new IdsOnlyTokenizer(vocab),
                Detector.DEFAULT_ALPHA);
        input = switch (ids) {
            case "uniform" -> BenchInputs.uniformIds(TOKENS, vocab, 7);
            case "textlike" -> BenchInputs.textLikeIds(TOKENS, vocab, 1.1, 0.005, 8);
            default -> throw new IllegalArgumentException("ids must be uniform or textlike, got " + ids);
        };
        texts = new int[TOKENS / textLength][];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = java.util.Arrays.copyOfRange(input, i * textLength, (i + 1) * textLength);
        }
        Detection d = detector.detectIds(input);
        System.out.printf("%n# %s, %s ids, V = %d: %d of %d positions scored after dedup, green fraction %.4f%n",
                scheme, ids, vocab, d.tokensScored(), d.tokensTotal(), d.score() / d.tokensScored());
    }

    /** Scores every text (counts, score, exact p-value each); returns the total scored, so nothing is dead code. */
    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public long detectIds() {
        long scored = 0;
        for (int[] text : texts) {
            scored += detector.detectIds(text).tokensScored();
        }
        return scored;
    }
}
