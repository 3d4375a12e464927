package dev.telltale.core.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.TextTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * HuggingFace {@code tokenizer.json} through DJL's binding of the Rust tokenizers library.
 *
 * <p>DJL's defaults truncate to 512 tokens and pad silently; we always pass no special tokens, no padding,
 * no truncation and a huge max length. DJL runs offline with its native cache in a directory we choose.
 */
public final class DjlHfTokenizer implements TextTokenizer {
    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "padding", "false",
            "truncation", "false",
            "maxLength", "1000000000");

    private final String id;
    private final String sha256;
    private final int vocabSize;
    private final HuggingFaceTokenizer tokenizer;

    private DjlHfTokenizer(String id, String sha256, int vocabSize, HuggingFaceTokenizer tokenizer) {
        this.id = id;
        this.sha256 = sha256;
        this.vocabSize = vocabSize;
        this.tokenizer = tokenizer;
    }

    /** Loads from the bytes of a tokenizer.json. */
    public static DjlHfTokenizer load(String id, byte[] json) throws IOException {
        configureDjl();
        int vocab = vocabSizeOf(json);
        HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), OPTIONS);
        return new DjlHfTokenizer(id, sha256Hex(json), vocab, t);
    }

    /** Sets DJL offline with its cache under ~/.cache/telltale/djl unless the caller already chose. */
    public static void configureDjl() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR",
                    Path.of(System.getProperty("user.home"), ".cache", "telltale", "djl").toString());
        }
    }

    /** Vocabulary size = max id in model.vocab and added_tokens, plus one. */
    static int vocabSizeOf(byte[] json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode vocab = root.path("model").path("vocab");
        if (!vocab.isObject()) {
            throw new IOException("tokenizer.json has no model.vocab object (only vocab-based models are supported)");
        }
        int max = -1;
        for (var it = vocab.elements(); it.hasNext(); ) {
            max = Math.max(max, it.next().asInt());
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asInt());
        }
        return max + 1;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public String implementation() {
        return "djl-hf";
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        Encoding e = tokenizer.encode(text, false, false);
        long[] ids = e.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, false);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    @Override
    public String toString() {
        return "DjlHfTokenizer[" + id + ", V=" + vocabSize + "]";
    }
}
