package dev.telltale.core;

import dev.telltale.core.internal.DjlHfTokenizer;
import dev.telltale.core.internal.JtokkitTokenizer;
import dev.telltale.core.internal.bpe.FastBpeTokenizer;
import dev.telltale.core.internal.bpe.UnsupportedTokenizerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves tokenizer names. Built-in ids map to files packaged in the {@code telltale-testdata} jar;
 * anything else must be a path to a HuggingFace {@code tokenizer.json}. Loaded tokenizers are cached and
 * shared (they are thread-safe). The pure-Java implementation ({@link TokenizerImpl#FAST}) is used wherever
 * it supports the file, else DJL's binding of HuggingFace tokenizers; both give identical ids. The built-in
 * tiktoken encodings {@code cl100k_base} and {@code o200k_base} always use JTokkit, whatever
 * {@link TokenizerImpl} is asked for.
 */
public final class Tokenizers {
    /** The default tokenizer of new keys. */
    public static final String DEFAULT = "qwen3";
    private static final Map<String, String> BUILT_IN = Map.of(
            "qwen3", "telltale-testdata/tokenizers/qwen3/tokenizer.json");
    /** Built-in ids served by JTokkit rather than a tokenizer.json; {@link TokenizerImpl} does not apply. */
    private static final Set<String> JTOKKIT = JtokkitTokenizer.ENCODINGS;
    private static final Map<String, TextTokenizer> CACHE = new ConcurrentHashMap<>();

    private Tokenizers() {}

    /** Built-in tokenizer ids, sorted. */
    public static Set<String> builtIn() {
        Set<String> ids = new TreeSet<>(BUILT_IN.keySet());
        ids.addAll(JTOKKIT);
        return java.util.Collections.unmodifiableSet(ids);
    }

    /**
     * Loads a tokenizer by built-in id or by path to a {@code tokenizer.json}.
     *
     * @throws IllegalArgumentException for an unknown id or an unreadable file, with a message that says
     *                                  which ids exist
     */
    public static TextTokenizer load(String idOrPath) {
        return load(idOrPath, TokenizerImpl.FAST);
    }

    /**
     * Loads a tokenizer with the given implementation. {@link TokenizerImpl#FAST} falls back to DJL, with the
     * reason logged, when the file uses a feature the fast implementation does not reproduce exactly; check
     * {@link TextTokenizer#implementation()} for the one in use.
     */
    public static TextTokenizer load(String idOrPath, TokenizerImpl impl) {
        if (JTOKKIT.contains(idOrPath)) {
            return CACHE.computeIfAbsent("jtokkit:" + idOrPath, k -> JtokkitTokenizer.load(idOrPath));
        }
        return CACHE.computeIfAbsent(impl + ":" + idOrPath, k -> open(idOrPath, impl));
    }

    /**
     * Loads the tokenizer a key names and checks its SHA-256, refusing a different tokenizer.
     */
    public static TextTokenizer forKey(WatermarkKey key) {
        return forKey(key, TokenizerImpl.FAST);
    }

    /** As {@link #forKey(WatermarkKey)} with the given implementation. */
    public static TextTokenizer forKey(WatermarkKey key, TokenizerImpl impl) {
        TextTokenizer t = load(key.tokenizer().id(), impl);
        if (!t.sha256().equals(key.tokenizer().sha256())) {
            throw new IllegalArgumentException("tokenizer '" + key.tokenizer().id() + "' has SHA-256 " + t.sha256()
                    + " but key " + key.keyId() + " was made for " + key.tokenizer().sha256()
                    + "; detect with the exact tokenizer the key records");
        }
        return t;
    }

    private static TextTokenizer open(String idOrPath, TokenizerImpl impl) {
        try {
            String resource = BUILT_IN.get(idOrPath);
            if (resource != null) {
                try (InputStream in = Tokenizers.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalArgumentException("built-in tokenizer '" + idOrPath
                                + "' is missing from the classpath (telltale-testdata jar)");
                    }
                    return open(idOrPath, in.readAllBytes(), impl);
                }
            }
            Path p = Path.of(idOrPath);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("unknown tokenizer '" + idOrPath + "': use one of "
                        + builtIn() + " or a path to a HuggingFace tokenizer.json");
            }
            return open(p.toAbsolutePath().normalize().toString(), Files.readAllBytes(p), impl);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read tokenizer '" + idOrPath + "': " + e.getMessage(), e);
        }
    }

    private static TextTokenizer open(String id, byte[] json, TokenizerImpl impl) throws IOException {
        if (impl == TokenizerImpl.FAST) {
            try {
                return FastBpeTokenizer.load(id, json);
            } catch (UnsupportedTokenizerException e) {
                System.getLogger(Tokenizers.class.getName()).log(System.Logger.Level.INFO,
                        "tokenizer ''{0}'': fast-bpe does not support {1}; using djl-hf", id, e.getMessage());
            }
        }
        return DjlHfTokenizer.load(id, json);
    }
}
