package dev.telltale.corpus.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.detect.Detector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad records are skipped, counted by reason and listed with where they are; the good ones around them are scanned. */
class ScanMalformedInputTest {
    static Detector detector;
    static List<Corpora.Doc> good;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        detector = Corpora.detector(Corpora.key(), 1e-6);
        good = Corpora.brown(20, 6);
    }

    private JsonNode scan(ScanOptions.Builder o) throws Exception {
        return Corpora.JSON.valueToTree(CorpusScan.run(detector, o.build(), ScanListener.NONE).summary());
    }

    private static Map<String, Integer> counts(JsonNode summary) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        summary.path("skipped_by_reason").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asInt()));
        return m;
    }

    private static Map<String, Integer> sorted(Map<String, Integer> m) {
        return new java.util.TreeMap<>(m);
    }

    private static JsonNode listed(JsonNode summary, String reason) {
        for (JsonNode n : summary.path("skipped_listed")) {
            if (n.path("reason").asText().equals(reason)) {
                return n;
            }
        }
        throw new AssertionError("no listed skip '" + reason + "' in " + summary.path("skipped_listed"));
    }

    @Test
    void jsonl_everyKindOfBadLine_isSkippedCountedAndListed() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((Corpora.line(good.get(0)) + "\n").getBytes(StandardCharsets.UTF_8));   // line 1
        b.writeBytes("{\"id\": \"a\", \"text\": \"unterminated\n".getBytes(StandardCharsets.UTF_8)); // 2 malformed
        b.writeBytes("[1, 2, 3]\n".getBytes(StandardCharsets.UTF_8));                        // 3 not an object
        b.writeBytes(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'}); // 4 bad UTF-8
        b.writeBytes("{\"id\": \"no-text\", \"body\": \"x\"}\n".getBytes(StandardCharsets.UTF_8)); // 5 missing field
        b.writeBytes("{\"id\": 7, \"text\": 42}\n".getBytes(StandardCharsets.UTF_8));       // 6 text not a string
        b.writeBytes(new byte[] {'{', '"', 't', '"', ':', '1', 0, 0, '}', '\n'});             // 7 binary
        b.writeBytes("{\"id\": \"blank\", \"text\": \"   \"}\n".getBytes(StandardCharsets.UTF_8)); // 8 empty
        b.writeBytes("\n   \n".getBytes(StandardCharsets.UTF_8));                               // 9-10 blank lines: not records
        b.writeBytes(("{\"text\": \"" + "x".repeat(100_000) + "\"}\n").getBytes(StandardCharsets.UTF_8)); // 11 oversized
        b.writeBytes((Corpora.line(good.get(1)) + "\r\n").getBytes(StandardCharsets.UTF_8)); // 12 good (CRLF)
        b.writeBytes("{\"text\": \"trailing\"} x\n".getBytes(StandardCharsets.UTF_8));       // 13 text after object
        b.writeBytes(Corpora.line(good.get(2)).getBytes(StandardCharsets.UTF_8));            // 14 good, no final newline
        Path f = dir.resolve("bad.jsonl");
        Files.write(f, b.toByteArray());
        JsonNode s = scan(Corpora.options(dir, f).maxDocBytes(60_000));
        assertEquals(3, s.path("documents_scanned").asLong(), s.toString());
        assertEquals(sorted(Map.of("malformed_json", 3, "invalid_utf8", 1, "missing_field", 2, "binary", 1, "empty_text", 1,
                "oversized", 1)), counts(s));
        assertEquals(9, s.path("documents_skipped").asLong());
        assertEquals(2, listed(s, "malformed_json").path("source").path("line").asInt());
        assertEquals(4, listed(s, "invalid_utf8").path("source").path("line").asInt());
        assertTrue(listed(s, "invalid_utf8").path("detail").asText().contains("byte 9"), listed(s, "invalid_utf8").toString());
        assertEquals(5, listed(s, "missing_field").path("source").path("line").asInt());
        assertEquals("no-text", listed(s, "missing_field").path("id").asText());
        assertEquals(7, listed(s, "binary").path("source").path("line").asInt());
        assertEquals(11, listed(s, "oversized").path("source").path("line").asInt());
        List<JsonNode> lines = Corpora.results(dir.resolve("results.jsonl"));
        assertEquals(List.of(1, 12, 14), lines.stream().map(l -> l.path("source").path("line").asInt()).toList());
        assertEquals(detector.detect(good.get(1).text()).score(), lines.get(1).path("score").asDouble());
    }

    @Test
    void textFiles_binaryBadUtf8Empty_andUnknownFormatsInFolders_areSkipped() throws Exception {
        Path folder = dir.resolve("in");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("1-good.txt"), good.get(0).text());
        Files.write(folder.resolve("2-binary.txt"), new byte[] {'a', 0, 1, 2});
        Files.write(folder.resolve("3-latin1.txt"), "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(folder.resolve("4-empty.txt"), "  \n ");
        Files.writeString(folder.resolve("5-notes.md"), "# unknown format");
        Files.writeString(folder.resolve("6-good.txt"), good.get(1).text());
        JsonNode s = scan(Corpora.options(dir, folder));
        assertEquals(2, s.path("documents_scanned").asLong());
        assertEquals(sorted(Map.of("binary", 1, "invalid_utf8", 1, "empty_text", 1, "unknown_format", 1)),
                counts(s));
        assertTrue(listed(s, "invalid_utf8").path("source").path("file").asText().endsWith("3-latin1.txt"));
        assertTrue(listed(s, "invalid_utf8").path("detail").asText().contains("byte 3"));
    }

    @Test
    void truncatedGzip_keepsTheRecordsBeforeTheDamage_andGoesOnWithTheNextFile() throws Exception {
        Path plain = Corpora.jsonl(dir.resolve("x.jsonl"), good);
        byte[] gz = Files.readAllBytes(Corpora.gzip(dir.resolve("x.jsonl.gz"), Files.readAllBytes(plain)));
        Files.write(dir.resolve("x.jsonl.gz"), Arrays.copyOf(gz, gz.length * 2 / 3));
        Path next = Corpora.jsonl(dir.resolve("y.jsonl"), good.subList(0, 1));
        JsonNode s = scan(Corpora.options(dir.resolve("out"), dir.resolve("x.jsonl.gz"), next));
        assertEquals(sorted(Map.of("unreadable", 1)), counts(s));
        long before = s.path("documents_scanned").asLong() - 1;
        assertTrue(before >= 1 && before < good.size(), "documents read before the damage: " + before);
        assertTrue(listed(s, "unreadable").path("detail").asText().contains("EOFException"), s.path("skipped_listed").toString());
    }

    @Test
    void brokenWarcRecord_isSkipped_andReadingResumesAtTheNextRecord() throws Exception {
        for (boolean gz : new boolean[] {false, true}) {
            Path w = Corpora.wet(dir.resolve(gz ? "c.wet.gz" : "c.wet"), good, gz);
            byte[] bytes = Files.readAllBytes(w);
            // damage the third record's start: find its offset by scanning a clean copy
            int third = nthRecordStart(bytes, 2, gz);
            bytes[third + 1] ^= 0x55;
            bytes[third + 3] ^= 0x55;
            Files.write(w, bytes);
            JsonNode s = scan(Corpora.options(dir, w).restart(true));
            assertEquals(sorted(Map.of("broken_warc_record", 1)), counts(s), s.toString());
            assertEquals(third, listed(s, "broken_warc_record").path("source").path("offset").asLong());
            assertEquals(good.size() - 1, s.path("documents_scanned").asLong());
            List<JsonNode> lines = Corpora.results(dir.resolve("results.jsonl"));
            assertEquals("https://example.org/" + good.get(3).id(), lines.get(2).path("id").asText());
        }
    }

    /** Offset of the n-th record (0-based): "WARC/1." at a line start, or the n-th gzip member. */
    private static int nthRecordStart(byte[] b, int n, boolean gz) {
        int found = -1;
        for (int i = 0; i + 7 <= b.length; i++) {
            boolean hit = gz ? (b[i] == 0x1f && (b[i + 1] & 0xFF) == 0x8b && b[i + 2] == 8)
                    : new String(b, i, 7, StandardCharsets.US_ASCII).equals("WARC/1.") && (i == 0 || b[i - 1] == '\n');
            if (hit && ++found == n) {
                return i;
            }
        }
        throw new AssertionError("record " + n + " not found");
    }

    @Test
    void parquet_missingColumn_nullText_binaryColumnWithBadUtf8_areSkipped() throws Exception {
        Path noText = dir.resolve("no-text.parquet");
        Corpora.duck("COPY (SELECT 'a' AS id, 'hello' AS body) TO '" + noText + "' (FORMAT PARQUET)");
        Path blobs = dir.resolve("blobs.parquet");
        String t = good.get(0).text().replace("'", "''");
        Corpora.duck("COPY (SELECT * FROM (VALUES ('ok', encode('" + t + "')), ('bad', '\\xC3\\x28'::BLOB), "
                + "('nul', 'a\\x00b'::BLOB), ('null', NULL)) v(id, text)) TO '" + blobs + "' (FORMAT PARQUET)");
        JsonNode s = scan(Corpora.options(dir, noText, blobs));
        assertEquals(1, s.path("documents_scanned").asLong(), s.toString());
        assertEquals(sorted(Map.of("missing_field", 2, "invalid_utf8", 1, "binary", 1)),
                counts(s));
        assertTrue(listed(s, "missing_field").path("detail").asText().contains("no column \"text\""));
        assertEquals(1, listed(s, "invalid_utf8").path("source").path("row").asInt());
        List<JsonNode> lines = Corpora.results(dir.resolve("results.jsonl"));
        assertEquals(detector.detect(good.get(0).text()).score(), lines.get(0).path("score").asDouble());
    }
}
