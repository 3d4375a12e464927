package dev.telltale.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which tokenizer a key was made for: a registry id (e.g. {@code qwen3}) or a path, the SHA-256 of its
 * definition file, and its vocabulary size. Detection refuses a tokenizer whose hash differs.
 */
public record TokenizerRef(String id, String sha256, int vocabSize) {
    public TokenizerRef {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("tokenizer id must not be empty");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("tokenizer sha256 must be 64 lowercase hex characters");
        }
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("tokenizer vocab size must be > 0, got " + vocabSize);
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("sha256", sha256);
        m.put("vocab_size", vocabSize);
        return m;
    }
}
