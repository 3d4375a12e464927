package dev.telltale.embed.djl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code model.json} beside a TorchScript causal LM (format {@code telltale-torchscript-lm/v1}):
 *
 * <pre>
 * {"format": "telltale-torchscript-lm/v1",
 *  "file": "model.pt",                 the TorchScript file, a plain name inside the directory
 *  "file_sha256": "…",                 optional: checked when the model is loaded
 *  "vocab_size": 151669,               V: length of the logits, ids are in [0, V)
 *  "tokenizer": "qwen3",               the Telltale tokenizer id the ids come from
 *  "tokenizer_sha256": "…",            optional: SHA-256 of that tokenizer's definition file
 *  "context_length": 64,               C: the most ids one forward call takes
 *  "bos_id": 151643,                   optional: fed first (see TorchScriptModel)
 *  "output": "last" | "all",           [1, V] for the next token, or [1, T, V] for every position
 *  "description": "…"}                 free text for reports; other fields (provenance) are ignored
 * </pre>
 *
 * @param file            the TorchScript file name
 * @param fileSha256      lower-case hex SHA-256 of the file, or null when not recorded
 * @param vocabSize       V
 * @param tokenizer       tokenizer id (e.g. {@code qwen3})
 * @param tokenizerSha256 SHA-256 of the tokenizer definition, or null when not recorded
 * @param contextLength   C, the longest input the module accepts
 * @param bosId           the id fed before every context, or -1 when the model has none
 * @param allPositions    true when the module returns [1, T, V] (output "all"), false for [1, V] ("last")
 * @param description     free text
 */
public record TorchScriptSpec(String file, String fileSha256, int vocabSize, String tokenizer, String tokenizerSha256,
                              int contextLength, int bosId, boolean allPositions, String description) {
    public static final String FORMAT = "telltale-torchscript-lm/v1";
    /** The description file every TorchScript model directory holds. */
    public static final String FILE_NAME = "model.json";
    private static final Set<String> OUTPUTS = Set.of("last", "all");

    public TorchScriptSpec {
        if (file == null || file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new IllegalArgumentException("\"file\" must be a plain file name inside the model directory, got " + file);
        }
        if (fileSha256 != null && !fileSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("\"file_sha256\" must be 64 lower-case hex digits");
        }
        if (vocabSize < 2) {
            throw new IllegalArgumentException("\"vocab_size\" must be >= 2, got " + vocabSize);
        }
        if (tokenizer == null || tokenizer.isBlank()) {
            throw new IllegalArgumentException("\"tokenizer\" (a Telltale tokenizer id such as qwen3) is required");
        }
        if (contextLength < 1) {
            throw new IllegalArgumentException("\"context_length\" must be >= 1, got " + contextLength);
        }
        if (bosId < -1 || bosId >= vocabSize) {
            throw new IllegalArgumentException("\"bos_id\" must be in [0, " + vocabSize + "), got " + bosId);
        }
    }

    /**
     * Reads and validates {@code dir/model.json}.
     *
     * @throws IOException when the file is missing, unreadable or invalid (the message names the field)
     */
    public static TorchScriptSpec read(Path dir) throws IOException {
        Path json = dir.resolve(FILE_NAME);
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readAllBytes(json));
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " is not a TorchScript model directory: no " + FILE_NAME);
        } catch (JsonProcessingException e) {
            throw new IOException(json + " is not valid JSON: " + e.getOriginalMessage());
        }
        try {
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            String format = text(n, "format", true);
            if (!FORMAT.equals(format)) {
                throw new IllegalArgumentException("\"format\" must be \"" + FORMAT + "\", got \"" + format + "\"");
            }
            String output = n.has("output") ? text(n, "output", true) : "last";
            if (!OUTPUTS.contains(output)) {
                throw new IllegalArgumentException("\"output\" must be \"last\" or \"all\", got \"" + output + "\"");
            }
            return new TorchScriptSpec(text(n, "file", true), text(n, "file_sha256", false), integer(n, "vocab_size"),
                    text(n, "tokenizer", true), text(n, "tokenizer_sha256", false), integer(n, "context_length"),
                    n.has("bos_id") && !n.get("bos_id").isNull() ? integer(n, "bos_id") : -1,
                    output.equals("all"), n.has("description") ? text(n, "description", true) : "");
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + field + "\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be an integer");
        }
        return v.intValue();
    }
}
