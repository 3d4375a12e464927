package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Variants of a tokenizer.json: those we support must still match the reference (GPT-2's ByteLevel regex,
 * {@code normalized} added tokens, a TemplateProcessing post-processor, no normaliser); those we do not
 * are refused with a reason and {@link Tokenizers} falls back to the reference.
 */
class BpeVariantsTest {

    /** Qwen3's vocabulary with GPT-2's pre-tokenizer (ByteLevel with its built-in regex). */
    static byte[] gpt2Json() {
        return Reference.edit(Reference.qwen3Json(), root -> {
            ObjectNode bl = root.objectNode();
            bl.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
            root.set("pre_tokenizer", bl);
            root.putNull("normalizer");
        });
    }

    @Test
    void gpt2PreTokenizer_matchesReference() {
        assertMatches(gpt2Json(), false, true);
    }

    @Test
    void normalizedAddedTokens_matchReference() {
        byte[] json = Reference.edit(Reference.qwen3Json(), root -> {
            ArrayNode added = (ArrayNode) root.get("added_tokens");
            ((ObjectNode) added.get(13)).put("normalized", true); // <think>
            added.addObject().put("id", 151669).put("content", "e\u0301x").put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", true).put("special", false);
            added.addObject().put("id", 151670).put("content", "Cafe\u0301").put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", false);
        });
        try (Reference.Pair p = Reference.pair("qwen3-normalized-added", json)) {
            assertEquals(151671, p.fast().vocabSize());
            for (String s : new String[] {"e\u0301x éx <think> Cafe\u0301 Café", "Cafe\u0301x", "e\u0301<think>x",
                    "ee\u0301xx <|endoftext|>e\u0301x"}) {
                FastBpeDifferentialTest.assertSameIds(p, s, s); // "Cafe\u0301" is kept: decode is not NFC
            }
        }
        assertMatches(json, true, false);
    }

    @Test
    void templatePostProcessor_leavesIdsAlone() {
        assertMatches(Reference.edit(Reference.qwen3Json(), root -> {
            ObjectNode t = root.objectNode().put("type", "TemplateProcessing");
            t.putArray("single").addObject().putObject("SpecialToken").put("id", "<|endoftext|>").put("type_id", 0);
            ((ArrayNode) t.get("single")).addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            t.putArray("pair");
            t.putObject("special_tokens").putObject("<|endoftext|>").put("id", "<|endoftext|>")
                    .putArray("ids").add(151643);
            ((ObjectNode) t.get("special_tokens").get("<|endoftext|>")).putArray("tokens").add("<|endoftext|>");
            root.set("post_processor", t);
        }), true, true);
    }

    @Test
    void unsupportedFeatures_areRefusedWithAReason() {
        refused("nfkc", "normalizer", root -> root.putObject("normalizer").put("type", "NFKC"));
        refused("prefix-space", "add_prefix_space",
                root -> ((ObjectNode) root.get("pre_tokenizer").get("pretokenizers").get(1)).put("add_prefix_space", true));
        refused("other-regex", "Split pattern", root -> ((ObjectNode) root.get("pre_tokenizer").get("pretokenizers")
                .get(0).get("pattern")).put("Regex", "\\p{N}{1,2}|\\s+|[^\\s\\p{N}]+"));
        refused("lstrip", "lstrip", root -> ((ObjectNode) root.get("added_tokens").get(0)).put("lstrip", true));
        refused("dropout", "dropout", root -> ((ObjectNode) root.get("model")).put("dropout", 0.1));
        refused("decoder", "decoder", root -> root.putObject("decoder").put("type", "Fuse"));
        refused("wordpiece", "model type", root -> ((ObjectNode) root.get("model")).put("type", "WordPiece"));
    }

    @Test
    void unsupportedFile_loadFast_fallsBackToReference(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nfkc.json");
        byte[] json = Reference.edit(Reference.qwen3Json(), root -> root.putObject("normalizer").put("type", "NFKC"));
        Files.write(file, json);
        TextTokenizer t = Tokenizers.load(file.toString(), TokenizerImpl.FAST);
        assertEquals("djl-hf", t.implementation());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(json)),
                t.sha256());
        assertEquals("fi", t.decode(t.encode("\uFB01")), "the reference applies NFKC");
    }

    @Test
    void brokenMerges_areRefused() {
        byte[] json = Reference.edit(Reference.qwen3Json(),
                root -> ((ArrayNode) root.get("model").get("merges")).addArray().add("no-such-token").add("x"));
        UnsupportedTokenizerException e = assertThrows(UnsupportedTokenizerException.class,
                () -> FastBpeTokenizer.load("broken", json));
        assertTrue(e.getMessage().contains("not in the vocabulary"), e.getMessage());
    }

    private static void refused(String name, String reason, Consumer<ObjectNode> change) {
        byte[] json = Reference.edit(Reference.qwen3Json(), change);
        UnsupportedTokenizerException e = assertThrows(UnsupportedTokenizerException.class,
                () -> FastBpeTokenizer.load(name, json), name);
        assertTrue(e.getMessage().contains(reason), name + ": " + e.getMessage());
    }

    /**
     * Torture file, 40 Brown documents and 300 random strings through both implementations; with
     * {@code roundTrip}, also decode(encode(x)) == x (or its NFC).
     */
    private static void assertMatches(byte[] json, boolean nfc, boolean roundTrip) {
        try (Reference.Pair p = Reference.pair("variant", json)) {
            java.util.List<String> texts = new java.util.ArrayList<>();
            Reference.torture().forEach(c -> texts.add(c.text()));
            EmbeddedCorpora.brown().subList(0, 40).forEach(d -> texts.add(d.text()));
            SplittableRandom rng = new SplittableRandom(7);
            for (int i = 0; i < 300; i++) {
                texts.add(FastBpeFuzzTest.randomText(rng));
            }
            for (int i = 0; i < texts.size(); i++) {
                if (roundTrip) {
                    FastBpeDifferentialTest.assertSame(p, "text " + i, texts.get(i), nfc);
                } else {
                    FastBpeDifferentialTest.assertSameIds(p, "text " + i, texts.get(i));
                }
            }
        }
    }
}
