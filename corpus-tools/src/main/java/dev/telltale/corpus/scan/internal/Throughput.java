package dev.telltale.corpus.scan.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.corpus.scan.InputFormat;
import dev.telltale.detect.Detector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a scan's time goes (docs/benchmarks.md): the scan's own reader → workers → ordered pipeline run in one
 * of three modes over the same input, writing nothing: {@code read} (read, split, parse JSON, check UTF-8),
 * {@code tokenize} (+ NFC and the key's tokenizer in the workers) and {@code score} (+ per-text dedup, PRF,
 * exact tail, pooled keys). Prints one JSON line.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp cli/target/telltale.jar dev.telltale.corpus.scan.internal.Throughput \
 *     --key KEY --mode read|tokenize|score [--threads 2] [--tokenizer-impl fast|djl] INPUT...
 * </pre>
 * The passphrase of a sealed key comes from {@code TELLTALE_KEY_PASSPHRASE}.
 */
public final class Throughput {
    private Throughput() {}

    public static void main(String[] args) throws Exception {
        Path key = null;
        String mode = "score";
        int threads = Runtime.getRuntime().availableProcessors();
        TokenizerImpl impl = TokenizerImpl.FAST;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--key" -> key = Path.of(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--tokenizer-impl" -> impl = TokenizerImpl.parse(args[++i]);
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (key == null || inputs.isEmpty() || !List.of("read", "tokenize", "score").contains(mode)) {
            System.err.println("usage: Throughput --key FILE --mode read|tokenize|score [--threads N] [--tokenizer-impl fast|djl] INPUT...");
            System.exit(2);
        }
        WatermarkKey k = KeyFiles.read(key, () -> {
            String p = System.getenv("TELLTALE_KEY_PASSPHRASE");
            if (p == null) {
                throw new KeyFiles.KeyFileException("set TELLTALE_KEY_PASSPHRASE for a sealed key");
            }
            return p.toCharArray();
        });
        Detector d = new Detector(k, Tokenizers.forKey(k, impl), 1e-6);
        List<InputFile> files = InputFiles.expand(inputs, InputFormat.AUTO);
        String m = mode;
        long[] counts = new long[2]; // documents, tokens
        Pipeline.Sink sink = new Pipeline.Sink() {
            @Override
            public void accept(Rec r) {
                if (r.kind() == Rec.Kind.DOC) {
                    counts[0]++;
                    counts[1] += r.score() == null ? 0 : r.score().detection().tokensTotal();
                }
            }

            @Override
            public void tick() {
                // nothing is written
            }
        };
        DocScorer scorer = new DocScorer(d, m.equals("tokenize"));
        long t0 = System.nanoTime();
        Pipeline p = new Pipeline(files, new Sources.ReadOptions("text", "id", 8 << 20), 0, ResumePoint.START,
                m.equals("read") ? null : scorer, threads);
        p.run(sink);
        double secs = (System.nanoTime() - t0) / 1e9;
        long bytes = files.stream().mapToLong(InputFile::size).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", m);
        out.put("threads", threads);
        out.put("tokenizer_impl", d.tokenizer().implementation());
        out.put("bytes", bytes);
        out.put("documents", counts[0]);
        out.put("tokens", counts[1]);
        out.put("seconds", secs);
        out.put("mb_per_second", bytes / 1e6 / secs);
        out.put("tokens_per_second", counts[1] / secs);
        out.put("documents_per_second", counts[0] / secs);
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }
}
