package dev.telltale.bench;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import java.util.List;
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
 * Tokenisation throughput of the pure-Java BPE ({@code impl=FAST}, {@code fast-bpe}) and of HuggingFace
 * tokenizers through DJL ({@code impl=DJL}, {@code djl-hf}) on the same text: the 500 Brown documents
 * (5.97 M characters), one document per operation, in corpus order, round and round. The secondary
 * result {@code tokens} is tokens per second; {@code chars} is characters per second. One thread.
 * {@code tokenizer} is a built-in id or a path, e.g. {@code testdata/tokenizers/llama3/tokenizer.json}
 * (fetched by {@code testdata/scripts/fetch_llama3.sh}).
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -q -DskipTests -pl bench -am package
 * java -jar bench/target/benchmarks.jar TokenizerBenchmark
 * java -jar bench/target/benchmarks.jar TokenizerBenchmark -p tokenizer=testdata/tokenizers/llama3/tokenizer.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class TokenizerBenchmark {
    @Param({"FAST", "DJL"})
    public TokenizerImpl impl;

    @Param({"qwen3"})
    public String tokenizer;

    private TextTokenizer tok;
    private String[] docs;
    private int next;

    /** Tokens and characters encoded, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        public long tokens;
        public long chars;

        @Setup(Level.Iteration)
        public void reset() {
            tokens = 0;
            chars = 0;
        }
    }

    @Setup
    public void setup() {
        tok = Tokenizers.load(tokenizer, impl);
        if (!tok.implementation().equals(impl == TokenizerImpl.FAST ? "fast-bpe" : "djl-hf")) {
            throw new IllegalStateException(tokenizer + " is not supported by " + impl + ": " + tok.implementation());
        }
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        docs = brown.stream().map(EmbeddedCorpora.Document::text).toArray(String[]::new);
    }

    /** Encodes the next Brown document. */
    @Benchmark
    public int[] encodeDocument(Counts counts) {
        String doc = docs[next];
        next = next + 1 == docs.length ? 0 : next + 1;
        int[] ids = tok.encode(doc);
        counts.tokens += ids.length;
        counts.chars += doc.length();
        return ids;
    }
}
