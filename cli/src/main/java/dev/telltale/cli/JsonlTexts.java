package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** Texts of a JSONL file, read strictly (UTF-8) and forgivingly (bad records skipped and reported). */
final class JsonlTexts {
    private JsonlTexts() {}

    /**
     * Streams the string field {@code textField} of every line of a {@code .jsonl} or {@code .jsonl.gz} file to
     * {@code sink}. Malformed lines are skipped, counted and described in {@code problems} (never fatal);
     * invalid UTF-8 skips the rest of the file. Returns the number of skipped records.
     */
    static long read(Path f, String textField, Consumer<String> sink, List<String> problems) throws IOException {
        long skipped = 0;
        InputStream raw = Files.newInputStream(f);
        if (f.getFileName().toString().endsWith(".gz")) {
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
            long lineNo = 0;
            while (true) {
                String line;
                try {
                    line = r.readLine();
                } catch (java.nio.charset.CharacterCodingException e) {
                    problems.add(f + ":" + (lineNo + 1) + ": invalid UTF-8; rest of file skipped");
                    return skipped + 1;
                }
                if (line == null) {
                    return skipped;
                }
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.MAPPER.readTree(line);
                    if (n == null || !n.path(textField).isTextual()) {
                        throw new IllegalArgumentException("no string field \"" + textField + "\"");
                    }
                    sink.accept(n.get(textField).asText());
                } catch (Exception e) {
                    skipped++;
                    problems.add(f + ":" + lineNo + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
                            ? "malformed JSON" : e.getMessage()));
                }
            }
        }
    }
}
