package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Prompt files: one prompt per non-blank line of UTF-8 text, or one {"prompt"|"text": ...} object per line (.jsonl). */
final class PromptFiles {
    private PromptFiles() {}

    static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("prompts file not found: " + file);
        }
        String content = Inputs.decodeText(Inputs.readBytes(file.toString()), file.toString());
        boolean jsonl = file.getFileName().toString().endsWith(".jsonl");
        List<String> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : content.split("\r?\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (!jsonl) {
                out.add(line);
                continue;
            }
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new UsageException(file + ":" + lineNo + ": malformed JSON");
            }
            JsonNode p = n.path("prompt").isTextual() ? n.get("prompt") : n.path("text");
            if (!p.isTextual()) {
                throw new UsageException(file + ":" + lineNo + ": no string field \"prompt\" or \"text\"");
            }
            out.add(p.asText());
        }
        if (out.isEmpty()) {
            throw new UsageException(file + " holds no prompt");
        }
        return out;
    }
}
