package dev.telltale.corpus.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.Schemes;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

/** Test corpora: Brown documents, watermarked completions from the default model, and writers for each format. */
final class Corpora {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<String>> MARKED = new LinkedHashMap<>();

    /** One document. */
    record Doc(String id, String text) {}

    private Corpora() {}

    static TextTokenizer qwen() {
        return Tokenizers.load("qwen3");
    }

    /** A fixed KGW key (preset), made from a seeded secret. */
    static WatermarkKey key() {
        return key(Schemes.KGW_V1, 21);
    }

    static WatermarkKey key(SchemeParameters scheme, long seed) {
        byte[] s = new byte[32];
        new SplittableRandom(seed).nextBytes(s);
        return WatermarkKey.fromSecret(s, scheme, qwen().ref(), Instant.EPOCH);
    }

    static Detector detector(WatermarkKey key, double alpha) {
        return new Detector(key, Tokenizers.forKey(key), alpha);
    }

    static List<Doc> brown(int from, int count) {
        List<EmbeddedCorpora.Document> b = EmbeddedCorpora.brown();
        List<Doc> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            EmbeddedCorpora.Document d = b.get(i % b.size());
            out.add(new Doc(d.id() + (i >= b.size() ? "-" + i / b.size() : ""), d.text()));
        }
        return out;
    }

    /** {@code n} watermarked completions of {@code tokens} tokens under {@code key} (cached per key). */
    static synchronized List<String> watermarked(WatermarkKey key, int n, int tokens) {
        String k = key.keyId() + "/" + n + "/" + tokens;
        return MARKED.computeIfAbsent(k, x -> {
            TextTokenizer tok = Tokenizers.forKey(key);
            Path cache = Path.of(System.getProperty("telltale.repo", "."), "target", "telltale-home", "models");
            KneserNeyModel model = DefaultModels.brownTrigram(tok, cache, null);
            Generator g = new Generator(model, Embedders.forKey(key), SamplingConfig.DEFAULT);
            SplittableRandom r = new SplittableRandom(7);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                texts.add(tok.decode(g.generate(new int[0], tokens, -1, r.split())));
            }
            return texts;
        });
    }

    static List<Doc> docs(String prefix, List<String> texts) {
        List<Doc> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Doc(prefix + i, texts.get(i)));
        }
        return out;
    }

    static String line(Doc d) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("text", d.text());
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jsonl(Path file, List<Doc> docs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Doc d : docs) {
            sb.append(line(d)).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        return file;
    }

    static Path gzip(Path file, byte[] content) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(content);
        }
        return file;
    }

    /** Parquet through DuckDB, from a JSONL file, in row groups of {@code rowGroup} rows. */
    static Path parquet(Path file, Path jsonl, int rowGroup) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT id, text FROM read_json('" + jsonl + "', format = 'newline_delimited', "
                    + "columns = {id: 'VARCHAR', text: 'VARCHAR'})) TO '" + file + "' (FORMAT PARQUET, ROW_GROUP_SIZE " + rowGroup + ")");
        }
        return file;
    }

    /** Runs SQL on an in-memory DuckDB (tests write odd Parquet files with it). */
    static void duck(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** HTML page holding {@code text} as one paragraph (no line breaks inside), extracted back exactly. */
    static byte[] html(String title, String text) {
        String esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return ("<!DOCTYPE html><html><head><title>" + title + "</title><style>p{color:red}</style>"
                + "<script>var x = 'not text';</script></head><body><p>" + esc + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A WARC (gzip per record when {@code gz}) with, per document, a request record, a 200 HTML response whose
     * paragraph is the document's text (newlines replaced by spaces), plus one image response (no document).
     */
    static Path warc(Path file, List<Doc> docs, boolean gz) throws IOException {
        try (WarcWriter w = new WarcWriter(Files.newByteChannel(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING),
                gz ? WarcCompression.GZIP : WarcCompression.NONE)) {
            for (Doc d : docs) {
                URI uri = URI.create("https://example.org/" + d.id());
                w.write(new WarcRequest.Builder(uri).body(MediaType.HTTP_REQUEST,
                        ("GET /" + d.id() + " HTTP/1.1\r\nHost: example.org\r\n\r\n").getBytes(StandardCharsets.US_ASCII)).build());
                HttpResponse http = new HttpResponse.Builder(200, "OK")
                        .body(MediaType.parse("text/html; charset=utf-8"), html(d.id(), oneLine(d.text()))).build();
                w.write(new WarcResponse.Builder(uri).body(http).build());
            }
            HttpResponse png = new HttpResponse.Builder(200, "OK").body(MediaType.parse("image/png"), new byte[] {1, 2, 3}).build();
            w.write(new WarcResponse.Builder(URI.create("https://example.org/logo.png")).body(png).build());
        }
        return file;
    }

    /** A WET file: one conversion record (plain UTF-8 text) per document. */
    static Path wet(Path file, List<Doc> docs, boolean gz) throws IOException {
        try (WarcWriter w = new WarcWriter(Files.newByteChannel(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING),
                gz ? WarcCompression.GZIP : WarcCompression.NONE)) {
            for (Doc d : docs) {
                w.write(new WarcConversion.Builder().setHeader("WARC-Target-URI", "https://example.org/" + d.id())
                        .body(MediaType.PLAIN_TEXT, d.text().getBytes(StandardCharsets.UTF_8)).build());
            }
        }
        return file;
    }

    /** The text as the HTML page shows it: newlines become spaces, whitespace runs collapse, trimmed. */
    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** Results file lines parsed. */
    static List<com.fasterxml.jackson.databind.JsonNode> results(Path file) throws IOException {
        List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    /** Options for a test scan writing into {@code dir}. */
    static ScanOptions.Builder options(Path dir, Path... inputs) {
        return ScanOptions.builder(List.of(inputs)).out(dir.resolve("results.jsonl")).summary(dir.resolve("summary.json"))
                .threads(2).alpha(1e-6).checkpointSeconds(30);
    }
}
