package dev.telltale.core.internal.bpe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code added_tokens} of a tokenizer.json: two matchers (raw text, and normalised pieces for
 * {@code normalized: true}) and the content of each added id. The reference re-numbers added tokens as it
 * loads them (an id from the model vocabulary if the content is there, else the next id after the
 * vocabulary or after the largest added id); a file whose ids differ from that numbering is refused.
 */
final class AddedVocabulary {
    final AddedTokenMatcher raw;
    final AddedTokenMatcher normalized;
    /** Added id -> content. */
    final Map<Integer, String> contents = new HashMap<>();
    /** Largest added id, or -1. */
    final int maxId;

    AddedVocabulary(JsonNode addedTokens, Map<String, Integer> vocab, BpeDefinition.Normalization normalization)
            throws UnsupportedTokenizerException {
        if (addedTokens.size() > 0xFFFF) {
            throw new UnsupportedTokenizerException(addedTokens.size() + " added tokens (at most 65535)");
        }
        List<String> rawContents = new ArrayList<>();
        List<Integer> rawIds = new ArrayList<>();
        List<String> normContents = new ArrayList<>();
        List<Integer> normIds = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int n = vocab.size();
        int max = -1;
        for (JsonNode t : addedTokens) {
            String content = t.path("content").asText("");
            for (String flag : new String[] {"single_word", "lstrip", "rstrip"}) {
                if (t.path(flag).asBoolean(false)) {
                    throw new UnsupportedTokenizerException("added token '" + content + "' sets " + flag);
                }
            }
            if (content.isEmpty() || !seen.add(content)) {
                throw new UnsupportedTokenizerException("added token '" + content + "' is empty or repeated");
            }
            Integer inVocab = vocab.get(content);
            int assigned = inVocab != null ? inVocab : max < 0 || (max < n && n > 0) ? n : max + 1;
            int fileId = t.path("id").asInt(-1);
            if (fileId != assigned) {
                throw new UnsupportedTokenizerException("added token '" + content + "' has id " + fileId
                        + " in the file but the reference assigns " + assigned);
            }
            max = Math.max(max, assigned);
            contents.put(assigned, content);
            if (t.path("normalized").asBoolean(true)) {
                normContents.add(normalization == BpeDefinition.Normalization.NFC ? RustNfc.normalize(content) : content);
                normIds.add(assigned);
            } else {
                rawContents.add(content);
                rawIds.add(assigned);
            }
        }
        maxId = max;
        raw = new AddedTokenMatcher(rawContents, rawIds);
        normalized = new AddedTokenMatcher(normContents, normIds);
    }
}
