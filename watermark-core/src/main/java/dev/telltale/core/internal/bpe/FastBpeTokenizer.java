package dev.telltale.core.internal.bpe;

import dev.telltale.core.TextTokenizer;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Pure-Java byte-level BPE for HuggingFace {@code tokenizer.json} files (Qwen2/3, Llama 3, GPT-2 style),
 * producing exactly the reference's ids (HuggingFace tokenizers through DJL). Pipeline, as the reference:
 * <ol>
 * <li>added tokens are cut out of the raw text (leftmost-longest, {@link AddedTokenMatcher});
 * <li>each remaining segment is normalised ({@link RustNfc}) and, for {@code normalized} added tokens,
 *     cut again;
 * <li>the Split regex cuts pieces ({@link PieceScanner});
 * <li>each piece's UTF-8 bytes are merged by rank ({@link BpeMerger}), through a bounded word cache.
 * </ol>
 * Thread-safe: the definition is immutable, the cache is lock-free, scratch space is per thread.
 */
public final class FastBpeTokenizer implements TextTokenizer {
    /** Value of {@link #implementation()}. */
    public static final String IMPLEMENTATION = "fast-bpe";
    private static final int CACHE_SLOTS = 1 << 15;

    private final String id;
    private final String sha256;
    private final BpeDefinition def;
    private final WordCache cache = new WordCache(CACHE_SLOTS);
    private final ThreadLocal<Scratch> scratch;

    /** Per-thread working memory. */
    private static final class Scratch {
        final BpeMerger merger;
        byte[] utf8 = new byte[256];
        int[] out = new int[1024];
        int size;

        Scratch(BpeDefinition def) {
            merger = new BpeMerger(def.merges, def.byteIds);
        }

        boolean isLarge() {
            return out.length > (1 << 20) || utf8.length > (1 << 16) || merger.capacity() > (1 << 14);
        }

        void add(int v) {
            if (size == out.length) {
                out = Arrays.copyOf(out, size * 2);
            }
            out[size++] = v;
        }

        void addAll(int[] vs) {
            if (size + vs.length > out.length) {
                out = Arrays.copyOf(out, Math.max(size + vs.length, size * 2));
            }
            System.arraycopy(vs, 0, out, size, vs.length);
            size += vs.length;
        }
    }

    private FastBpeTokenizer(String id, String sha256, BpeDefinition def) {
        this.id = id;
        this.sha256 = sha256;
        this.def = def;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(def));
    }

    /**
     * Reads a {@code tokenizer.json}.
     *
     * @throws UnsupportedTokenizerException when the file uses a feature this implementation does not
     *                                       reproduce exactly (the message names it)
     * @throws IOException                   when the bytes are not a readable tokenizer.json
     */
    public static FastBpeTokenizer load(String id, byte[] json) throws IOException, UnsupportedTokenizerException {
        return new FastBpeTokenizer(id, sha256Hex(json), BpeDefinition.parse(json));
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
        return def.vocabSize;
    }

    @Override
    public String implementation() {
        return IMPLEMENTATION;
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String s = ReferenceText.of(text);
        Scratch sc = scratch.get();
        sc.size = 0;
        cutAdded(def.rawAdded, s, 0, s.length(), sc, true);
        int[] ids = Arrays.copyOf(sc.out, sc.size);
        if (sc.isLarge()) {
            scratch.remove(); // do not pin the buffers of one huge text or one huge word
        }
        return ids;
    }

    /** Cuts {@code matcher}'s tokens out of s[from, to); the rest goes to normalisation or to the pieces. */
    private void cutAdded(AddedTokenMatcher matcher, String s, int from, int to, Scratch sc, boolean raw) {
        while (from < to) {
            long m = matcher.isEmpty() ? -1 : matcher.find(s, from, to);
            int end = m < 0 ? to : AddedTokenMatcher.start(m);
            if (end > from) {
                if (raw) {
                    segment(s, from, end, sc);
                } else {
                    pieces(s, from, end, sc);
                }
            }
            if (m < 0) {
                return;
            }
            sc.add(matcher.id(m));
            from = end + matcher.length(m);
        }
    }

    private void segment(String s, int from, int to, Scratch sc) {
        if (def.normalization == BpeDefinition.Normalization.NFC && !RustNfc.isInert(s, from, to)) {
            s = RustNfc.normalize(s.substring(from, to));
            from = 0;
            to = s.length();
        }
        if (def.normalizedAdded.isEmpty()) {
            pieces(s, from, to, sc);
        } else {
            cutAdded(def.normalizedAdded, s, from, to, sc, false);
        }
    }

    private void pieces(String s, int from, int to, Scratch sc) {
        SplitPattern p = def.pattern;
        for (int i = from; i < to; ) {
            int e = PieceScanner.next(p, s, i, to);
            word(s, i, e, sc);
            i = e;
        }
    }

    private void word(String s, int a, int b, Scratch sc) {
        char c0 = s.charAt(a);
        if (b - a == 1 && c0 < 0x80) {
            sc.add(def.byteIds[c0]);
            return;
        }
        int h = TextIdTable.hash(s, a, b);
        if (def.ignoreMerges) {
            int id = def.vocabText.get(s, a, b, h);
            if (id >= 0) {
                sc.add(id);
                return;
            }
        }
        int[] ids = cache.get(s, a, b, h);
        if (ids == null) {
            int n = utf8(s, a, b, sc);
            ids = sc.merger.merge(sc.utf8, n);
            cache.put(s, a, b, h, ids);
        }
        sc.addAll(ids);
    }

    /** UTF-8 of s[a, b) into sc.utf8; returns the byte count. Surrogates are paired (see ReferenceText). */
    private static int utf8(String s, int a, int b, Scratch sc) {
        if (sc.utf8.length < 3 * (b - a)) {
            sc.utf8 = new byte[Math.max(3 * (b - a), sc.utf8.length * 2)];
        }
        byte[] u = sc.utf8;
        int n = 0;
        for (int i = a; i < b; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                u[n++] = (byte) c;
            } else if (c < 0x800) {
                u[n++] = (byte) (0xC0 | (c >> 6));
                u[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < b && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                u[n++] = (byte) (0xF0 | (cp >> 18));
                u[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                u[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                u[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                u[n++] = (byte) (0xE0 | (c >> 12));
                u[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                u[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n;
    }

    /**
     * Text of {@code ids} as the reference's ByteLevel decoder gives it: the tokens' bytes concatenated and
     * decoded lossily; ids that name no token are skipped.
     */
    @Override
    public String decode(int[] ids) {
        byte[][] table = def.decodeBytes;
        int n = 0;
        for (int t : ids) {
            if (t >= 0 && t < table.length && table[t] != null) {
                n += table[t].length;
            }
        }
        byte[] buf = new byte[n];
        int o = 0;
        for (int t : ids) {
            if (t >= 0 && t < table.length && table[t] != null) {
                System.arraycopy(table[t], 0, buf, o, table[t].length);
                o += table[t].length;
            }
        }
        return Utf8Lossy.decode(buf, n);
    }

    @Override
    public void close() {
        // nothing native to release
    }

    @Override
    public String toString() {
        return "FastBpeTokenizer[" + id + ", V=" + def.vocabSize + ", " + def.pattern + "]";
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
