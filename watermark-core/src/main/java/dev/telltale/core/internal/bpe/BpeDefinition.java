package dev.telltale.core.internal.bpe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE {@code tokenizer.json} read and checked against what the fast implementation reproduces
 * exactly. Supported: normalizer {@code null} or {@code NFC}; pre-tokenizer {@code Sequence[Split(regex,
 * Isolated), ByteLevel(use_regex=false)]} with a regex of {@link SplitPattern}, or {@code ByteLevel(use_regex=
 * true)} (GPT-2), never with {@code add_prefix_space}; model {@code BPE} without dropout, byte fallback,
 * subword prefix or suffix, with or without {@code ignore_merges}; merges as "a b" strings or [a, b] pairs;
 * added tokens without {@code single_word}, {@code lstrip}, {@code rstrip}; decoder {@code ByteLevel};
 * post-processors that leave ids alone when no special tokens are added. Anything else is refused with
 * {@link UnsupportedTokenizerException}.
 */
final class BpeDefinition {
    enum Normalization { NONE, NFC }

    /** Ids the tokenizer can produce: max id in model.vocab and added_tokens, plus one. */
    final int vocabSize;
    final Normalization normalization;
    final SplitPattern pattern;
    final boolean ignoreMerges;
    /** [256] id of each single byte. */
    final int[] byteIds = new int[256];
    final MergeTable merges;
    /** Whole-piece vocabulary lookup; null unless {@link #ignoreMerges}. */
    final TextIdTable vocabText;
    /** Added tokens matched in the raw text. */
    final AddedTokenMatcher rawAdded;
    /** Added tokens with {@code normalized: true}, matched in the normalised pieces. */
    final AddedTokenMatcher normalizedAdded;
    /** [vocabSize] the text each id decodes to before UTF-8 decoding: bytes, or null for an unknown id. */
    final byte[][] decodeBytes;

    private BpeDefinition(TokenizerJson json) throws UnsupportedTokenizerException {
        requireModel(json);
        normalization = normalization(json.normalizer);
        pattern = preTokenizer(json.preTokenizer);
        requireDecoder(json.decoder);
        requirePostProcessor(json.postProcessor);
        ignoreMerges = json.model("ignore_merges").asBoolean(false);

        // Vocabulary: ids must be distinct and dense (0..n-1), as the reference numbers added tokens after n.
        Map<String, Integer> tokenToId = json.vocab;
        String[] idToToken = new String[tokenToId.size()];
        for (Map.Entry<String, Integer> e : tokenToId.entrySet()) {
            int id = e.getValue();
            if (id < 0 || id >= idToToken.length || idToToken[id] != null) {
                throw new UnsupportedTokenizerException("model.vocab ids are not exactly 0.." + (idToToken.length - 1)
                        + " (entry '" + e.getKey() + "' -> " + id + ")");
            }
            idToToken[id] = e.getKey();
        }
        for (int b = 0; b < 256; b++) {
            Integer id = tokenToId.get(String.valueOf(ByteLevel.charOf(b)));
            if (id == null) {
                throw new UnsupportedTokenizerException("model.vocab lacks the byte-level token for byte " + b
                        + "; not a byte-level BPE vocabulary");
            }
            byteIds[b] = id;
        }

        merges = mergeTable(json.merges, tokenToId);

        AddedVocabulary added = new AddedVocabulary(json.addedTokens, tokenToId, normalization);
        vocabSize = Math.max(idToToken.length - 1, added.maxId) + 1;
        rawAdded = added.raw;
        normalizedAdded = added.normalized;

        // Decoding: added content first, then the vocabulary; ByteLevel maps each token's characters back to
        // bytes, or keeps the token's own UTF-8 when a character is outside the alphabet.
        decodeBytes = new byte[vocabSize][];
        for (int id = 0; id < vocabSize; id++) {
            String s = added.contents.containsKey(id) ? added.contents.get(id) : id < idToToken.length ? idToToken[id] : null;
            if (s != null) {
                byte[] b = ByteLevel.bytesOf(s);
                decodeBytes[id] = b != null ? b : s.getBytes(StandardCharsets.UTF_8);
            }
        }

        vocabText = ignoreMerges ? wholeTokenTable(idToToken) : null;
    }

    /** Parses and checks {@code json}. */
    static BpeDefinition parse(byte[] json) throws IOException, UnsupportedTokenizerException {
        return new BpeDefinition(TokenizerJson.read(json));
    }

    private static void requireModel(TokenizerJson json) throws UnsupportedTokenizerException {
        if (!"BPE".equals(json.model("type").asText(null))) {
            throw new UnsupportedTokenizerException("model type " + json.model("type") + " (only BPE)");
        }
        if (!json.model("vocab").isObject() || !json.model("merges").isArray()) {
            throw new UnsupportedTokenizerException("model.vocab must be an object and model.merges an array");
        }
        if (json.badVocab != null || json.badMerge != null) {
            throw new UnsupportedTokenizerException(json.badVocab != null ? json.badVocab : json.badMerge);
        }
        JsonNode dropout = json.model("dropout");
        if (!dropout.isMissingNode() && !dropout.isNull() && dropout.asDouble() != 0.0) {
            throw new UnsupportedTokenizerException("BPE dropout " + dropout);
        }
        if (json.model("byte_fallback").asBoolean(false)) {
            throw new UnsupportedTokenizerException("BPE byte_fallback");
        }
        for (String affix : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            JsonNode a = json.model(affix);
            if (!a.isMissingNode() && !a.isNull() && !a.asText().isEmpty()) {
                throw new UnsupportedTokenizerException("BPE " + affix + " " + a);
            }
        }
    }

    private static Normalization normalization(JsonNode n) throws UnsupportedTokenizerException {
        if (n.isMissingNode() || n.isNull()) {
            return Normalization.NONE;
        }
        if ("NFC".equals(n.path("type").asText(null))) {
            return Normalization.NFC;
        }
        throw new UnsupportedTokenizerException("normalizer " + n + " (only none or NFC)");
    }

    private static SplitPattern preTokenizer(JsonNode p) throws UnsupportedTokenizerException {
        String type = p.path("type").asText("");
        if (type.equals("ByteLevel")) {
            requireByteLevel(p, true);
            return SplitPattern.GPT2;
        }
        if (type.equals("Sequence") && p.path("pretokenizers").size() == 2) {
            JsonNode split = p.path("pretokenizers").get(0);
            JsonNode byteLevel = p.path("pretokenizers").get(1);
            if (split.path("type").asText("").equals("Split") && byteLevel.path("type").asText("").equals("ByteLevel")) {
                requireByteLevel(byteLevel, false);
                if (!split.path("behavior").asText("").equals("Isolated") || split.path("invert").asBoolean(false)) {
                    throw new UnsupportedTokenizerException("Split pre-tokenizer behavior "
                            + split.path("behavior") + " invert " + split.path("invert") + " (only Isolated, not inverted)");
                }
                String regex = split.path("pattern").path("Regex").asText(null);
                SplitPattern sp = regex == null ? null : SplitPattern.ofRegex(regex);
                if (sp == null) {
                    throw new UnsupportedTokenizerException("Split pattern " + split.path("pattern")
                            + " is not one of the implemented regexes (Qwen2, Llama 3, GPT-2)");
                }
                return sp;
            }
        }
        throw new UnsupportedTokenizerException("pre_tokenizer " + abbreviate(p)
                + " (only Sequence[Split, ByteLevel] or ByteLevel)");
    }

    private static void requireByteLevel(JsonNode b, boolean useRegex) throws UnsupportedTokenizerException {
        if (b.path("add_prefix_space").asBoolean(false)) {
            throw new UnsupportedTokenizerException("ByteLevel pre-tokenizer with add_prefix_space");
        }
        if (b.path("use_regex").asBoolean(true) != useRegex) {
            throw new UnsupportedTokenizerException("ByteLevel pre-tokenizer with use_regex=" + !useRegex
                    + (useRegex ? " alone" : " after a Split"));
        }
    }

    private static void requireDecoder(JsonNode d) throws UnsupportedTokenizerException {
        if (!"ByteLevel".equals(d.path("type").asText(null))) {
            throw new UnsupportedTokenizerException("decoder " + abbreviate(d) + " (only ByteLevel)");
        }
    }

    /** Post-processors only add special tokens (not requested) or adjust offsets (not used). */
    private static void requirePostProcessor(JsonNode p) throws UnsupportedTokenizerException {
        if (p.isMissingNode() || p.isNull()) {
            return;
        }
        String type = p.path("type").asText("");
        switch (type) {
            case "ByteLevel", "TemplateProcessing" -> { }
            case "Sequence" -> {
                for (JsonNode q : p.path("processors")) {
                    requirePostProcessor(q);
                }
            }
            default -> throw new UnsupportedTokenizerException("post_processor " + type
                    + " (only ByteLevel, TemplateProcessing or a Sequence of them)");
        }
    }

    /** Merges as (left, right) pairs in rank order; every token and every concatenation must be in the vocabulary. */
    private static MergeTable mergeTable(List<String> pairs, Map<String, Integer> tokenToId)
            throws UnsupportedTokenizerException {
        MergeTable table = new MergeTable(pairs.size() / 2);
        for (int rank = 0; rank < pairs.size() / 2; rank++) {
            String a = pairs.get(2 * rank);
            String b = pairs.get(2 * rank + 1);
            Integer ia = tokenToId.get(a);
            Integer ib = tokenToId.get(b);
            Integer merged = tokenToId.get(a + b);
            if (ia == null || ib == null || merged == null) {
                throw new UnsupportedTokenizerException("merge " + rank + " (" + a + ", " + b + ") is not in the vocabulary");
            }
            table.put(ia, ib, rank, merged);
        }
        return table;
    }

    /** Every vocabulary entry whose bytes are whole UTF-8 characters, keyed by its text. */
    private static TextIdTable wholeTokenTable(String[] idToToken) {
        List<String> texts = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        int chars = 0;
        for (int id = 0; id < idToToken.length; id++) {
            byte[] bytes = ByteLevel.bytesOf(idToToken[id]);
            if (bytes == null) {
                continue;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8))) { // else a fragment of a character
                texts.add(text);
                ids.add(id);
                chars += text.length();
            }
        }
        TextIdTable t = new TextIdTable(texts.size(), chars);
        for (int i = 0; i < texts.size(); i++) {
            t.put(texts.get(i), ids.get(i));
        }
        return t;
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
