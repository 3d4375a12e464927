package dev.telltale.corpus.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader yields the documents it holds, in order, and each result line equals what {@link Detector}
 * says about the same text; watermarked documents are found in every format.
 */
class ScanFormatsTest {
    static WatermarkKey key;
    static Detector detector;
    static List<Corpora.Doc> docs;

    @TempDir
    Path dir;

    @BeforeAll
    static void corpus() {
        key = Corpora.key();
        detector = Corpora.detector(key, 1e-6);
        docs = new ArrayList<>(Corpora.brown(0, 12));
        List<Corpora.Doc> marked = Corpora.docs("wm-", Corpora.watermarked(key, 4, 200));
        for (int i = 0; i < marked.size(); i++) {
            docs.add(3 * i + 1, marked.get(i));
        }
    }

    private List<JsonNode> scan(Path... inputs) throws Exception {
        CorpusScan.Report r = CorpusScan.run(detector, Corpora.options(dir, inputs).build(), ScanListener.NONE);
        assertEquals(0L, ((Number) r.summary().get("documents_skipped")).longValue(), r.summary().toString());
        return Corpora.results(dir.resolve("results.jsonl"));
    }

    /** Each line's id and statistics equal the detector's on the expected text. */
    private static void assertMatches(List<Corpora.Doc> expected, List<JsonNode> lines, boolean oneLineText) {
        assertEquals(expected.size(), lines.size());
        int watermarked = 0;
        for (int i = 0; i < expected.size(); i++) {
            Corpora.Doc d = expected.get(i);
            JsonNode l = lines.get(i);
            Detection want = detector.detect(oneLineText ? Corpora.oneLine(d.text()) : d.text());
            assertEquals(d.id(), l.path("id").asText().replace("https://example.org/", ""), l.toString());
            assertEquals(want.tokensTotal(), l.path("tokens").asLong(), d.id());
            assertEquals(want.tokensScored(), l.path("tokens_scored").asLong(), d.id());
            assertEquals(want.score(), l.path("score").asDouble(), d.id());
            assertEquals(want.log10PValue(), l.path("log10_p_value").asDouble(), d.id());
            assertEquals(want.verdict().json(), l.path("verdict").asText(), d.id());
            if (d.id().startsWith("wm-")) {
                assertEquals("watermarked", l.path("verdict").asText(), l.toString());
                watermarked++;
            } else {
                assertEquals("not_detected", l.path("verdict").asText(), l.toString());
            }
        }
        assertEquals(4, watermarked);
    }

    @Test
    void jsonl_resultsEqualDetector_withLineLocators() throws Exception {
        Path f = Corpora.jsonl(dir.resolve("c.jsonl"), docs);
        List<JsonNode> lines = scan(f);
        assertMatches(docs, lines, false);
        assertEquals(Map.of("file", f.toString(), "line", 3), Corpora.JSON.convertValue(lines.get(2).path("source"), Map.class));
    }

    @Test
    void jsonlGz_readsTheSameAsPlain() throws Exception {
        Path plain = Corpora.jsonl(dir.resolve("c.jsonl"), docs);
        Path gz = Corpora.gzip(dir.resolve("c.jsonl.gz"), Files.readAllBytes(plain));
        Files.delete(plain);
        assertMatches(docs, scan(gz), false);
    }

    @Test
    void textFolder_isReadRecursivelyInPathOrder_oneDocumentPerFile() throws Exception {
        Path folder = dir.resolve("texts");
        List<Corpora.Doc> expected = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            Corpora.Doc d = docs.get(i);
            Path f = folder.resolve(i % 2 == 0 ? "a" : "b/c").resolve(String.format("%02d-%s.txt", i, d.id()));
            Files.createDirectories(f.getParent());
            Files.writeString(f, "\uFEFF" + d.text(), StandardCharsets.UTF_8); // a BOM is not text
        }
        Files.writeString(folder.resolve(".hidden.txt"), "not scanned");
        Files.writeString(folder.resolve("_SUCCESS"), "");
        for (int i = 0; i < docs.size(); i += 2) {
            expected.add(docs.get(i));
        }
        for (int i = 1; i < docs.size(); i += 2) {
            expected.add(docs.get(i));
        }
        List<JsonNode> lines = scan(folder);
        assertEquals(expected.size(), lines.size());
        for (int i = 0; i < expected.size(); i++) {
            Detection want = detector.detect(expected.get(i).text());
            assertTrue(lines.get(i).path("id").asText().endsWith("-" + expected.get(i).id() + ".txt"), lines.get(i).toString());
            assertEquals(want.score(), lines.get(i).path("score").asDouble());
            assertEquals(want.tokensScored(), lines.get(i).path("tokens_scored").asLong());
        }
    }

    @Test
    void parquet_rowsStreamInFileOrder_acrossRowGroups() throws Exception {
        Path src = Corpora.jsonl(dir.resolve("src.jsonl"), docs);
        Path pq = Corpora.parquet(dir.resolve("c.parquet"), src, 5);
        Files.delete(src);
        List<JsonNode> lines = scan(pq);
        assertMatches(docs, lines, false);
        assertEquals(7, lines.get(7).path("source").path("row").asInt());
    }

    @Test
    void warc_htmlResponses_becomeText_otherRecordsAreNotDocuments() throws Exception {
        for (boolean gz : new boolean[] {false, true}) {
            Path w = Corpora.warc(dir.resolve(gz ? "c.warc.gz" : "c.warc"), docs, gz);
            CorpusScan.Report r = CorpusScan.run(detector, Corpora.options(dir, w).restart(true).build(), ScanListener.NONE);
            List<JsonNode> lines = Corpora.results(dir.resolve("results.jsonl"));
            assertMatches(docs, lines, true);
            // one request per document and the image are records but not documents
            assertEquals((long) docs.size() + 1, ((Number) r.summary().get("records_not_documents")).longValue());
            assertTrue(lines.get(0).path("source").path("offset").asLong() > 0, lines.get(0).toString());
        }
    }

    @Test
    void wet_conversionRecords_areTheText() throws Exception {
        Path w = Corpora.wet(dir.resolve("c.warc.wet.gz"), docs, true);
        assertMatches(docs, scan(w), false);
    }
}
