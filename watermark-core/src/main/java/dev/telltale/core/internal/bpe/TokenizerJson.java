package dev.telltale.core.internal.bpe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a {@code tokenizer.json} that BPE needs, read in one streaming pass: the large
 * {@code model.vocab} and {@code model.merges} straight into maps and arrays (a JSON tree of them costs
 * seconds on a cold JVM), every other section as a small JSON tree.
 */
final class TokenizerJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Token -> id, in file order. */
    final Map<String, Integer> vocab = new HashMap<>(1 << 18);
    /** [2 * merges] left, right token of each merge, in rank order. */
    final List<String> merges = new ArrayList<>(1 << 19);
    /** model's other fields (type, dropout, ...). */
    final Map<String, JsonNode> modelFields = new HashMap<>();
    JsonNode addedTokens = MissingNode.getInstance();
    JsonNode normalizer = MissingNode.getInstance();
    JsonNode preTokenizer = MissingNode.getInstance();
    JsonNode postProcessor = MissingNode.getInstance();
    JsonNode decoder = MissingNode.getInstance();
    /** Why the merges are unreadable, or null. */
    String badMerge;
    /** Why the vocabulary is unreadable, or null. */
    String badVocab;

    private TokenizerJson() {}

    static TokenizerJson read(byte[] json) throws IOException {
        TokenizerJson t = new TokenizerJson();
        // 150k+ vocabulary keys are field names: interning and canonicalising them costs more than parsing.
        JsonFactory factory = JsonFactory.builder()
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .build();
        factory.setCodec(MAPPER);
        try (JsonParser p = factory.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "tokenizer.json is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "model" -> t.readModel(p);
                    case "added_tokens" -> t.addedTokens = p.readValueAsTree();
                    case "normalizer" -> t.normalizer = p.readValueAsTree();
                    case "pre_tokenizer" -> t.preTokenizer = p.readValueAsTree();
                    case "post_processor" -> t.postProcessor = p.readValueAsTree();
                    case "decoder" -> t.decoder = p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
        }
        return t;
    }

    private void readModel(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "model is not an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("vocab") && v == JsonToken.START_OBJECT) {
                readVocab(p);
            } else if (field.equals("merges") && v == JsonToken.START_ARRAY) {
                readMerges(p);
            } else {
                JsonNode node = p.readValueAsTree();
                modelFields.put(field, node == null ? MissingNode.getInstance() : node);
            }
        }
    }

    private void readVocab(JsonParser p) throws IOException {
        modelFields.put("vocab", MAPPER.createObjectNode());
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String token = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                badVocab = "model.vocab entry '" + token + "' is not an integer id";
                p.skipChildren();
                continue;
            }
            vocab.put(token, p.getIntValue());
        }
    }

    private void readMerges(JsonParser p) throws IOException {
        modelFields.put("merges", MAPPER.createArrayNode());
        int rank = 0;
        for (JsonToken m = p.nextToken(); m != JsonToken.END_ARRAY; m = p.nextToken(), rank++) {
            if (m == JsonToken.VALUE_STRING) {
                String s = p.getText();
                int space = s.indexOf(' ');
                if (space < 0 || s.indexOf(' ', space + 1) >= 0) {
                    bad("merge " + rank + " '" + s + "' is not 'a b'");
                    continue;
                }
                merges.add(s.substring(0, space));
                merges.add(s.substring(space + 1));
            } else if (m == JsonToken.START_ARRAY) {
                JsonNode pair = p.readValueAsTree();
                if (pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                    bad("merge " + rank + " " + pair + " is neither 'a b' nor [a, b]");
                    continue;
                }
                merges.add(pair.get(0).asText());
                merges.add(pair.get(1).asText());
            } else {
                bad("merge " + rank + " is neither 'a b' nor [a, b]");
                p.skipChildren();
            }
        }
    }

    private void bad(String why) {
        if (badMerge == null) {
            badMerge = why;
        }
    }

    JsonNode model(String field) {
        return modelFields.getOrDefault(field, MissingNode.getInstance());
    }

    private static void expect(JsonToken got, JsonToken want, String message) throws IOException {
        if (got != want) {
            throw new IOException(message);
        }
    }
}
