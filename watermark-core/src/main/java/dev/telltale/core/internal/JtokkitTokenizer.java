package dev.telltale.core.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.telltale.core.TextTokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * OpenAI tiktoken encodings ({@code cl100k_base}, {@code o200k_base}) through JTokkit, whose jar carries the
 * rank files, so this works offline.
 *
 * <p>{@link #encode} is JTokkit's ordinary encoding: text that looks like a special token (for example
 * {@code <|endoftext|>}) is encoded as plain text, like the HuggingFace path with {@code addSpecialTokens=false}.
 * {@link #decode} is JTokkit's decode, special tokens included; ids that name no token are skipped, as in
 * {@code FastBpeTokenizer}.
 *
 * <p>The encoding has no definition file of ours to hash, so at load every id is decoded once, in order:
 * <ul>
 *   <li>{@link #vocabSize()} is the largest id that decodes, plus one, so it counts the special tokens
 *       (cl100k_base: 100277, o200k_base: 200019). The scan stops after {@value #SCAN_GAP} consecutive ids
 *       that do not decode; the encodings' real gaps are at most 18 ids.</li>
 *   <li>{@link #sha256()} is the SHA-256 (hex) of the UTF-8 string
 *       {@code "jtokkit/1.1.0/<encoding>\n" + vocabHash}, where {@code vocabHash} is the hex SHA-256 of, for each
 *       id from 0 to {@code vocabSize - 1} that decodes, the id (4 bytes big-endian), the length of its bytes
 *       (4 bytes big-endian) and the bytes themselves. A changed vocabulary, id assignment or JTokkit version
 *       gives a different hash, and keys made for one refuse the other.</li>
 * </ul>
 * Loading takes a fraction of a second; {@code Tokenizers} caches the instance. Thread-safe: JTokkit encodings
 * are stateless and the fields here are immutable after construction.
 */
public final class JtokkitTokenizer implements TextTokenizer {
    /** The JTokkit version this build depends on (see the parent pom); part of the hash and implementation name. */
    public static final String JTOKKIT_VERSION = "1.1.0";
    /** Encoding names this class offers. */
    public static final Set<String> ENCODINGS = Set.of("cl100k_base", "o200k_base");
    static final int SCAN_GAP = 4096;

    private final String id;
    private final Encoding encoding;
    private final BitSet known;
    private final int vocabSize;
    private final String sha256;

    private JtokkitTokenizer(String id, Encoding encoding, BitSet known, int vocabSize, String sha256) {
        this.id = id;
        this.encoding = encoding;
        this.known = known;
        this.vocabSize = vocabSize;
        this.sha256 = sha256;
    }

    /**
     * Loads an encoding by tiktoken name.
     *
     * @throws IllegalArgumentException if {@code name} is not one of {@link #ENCODINGS}
     */
    public static JtokkitTokenizer load(String name) {
        if (!ENCODINGS.contains(name)) {
            throw new IllegalArgumentException("unknown JTokkit encoding '" + name + "': use one of " + ENCODINGS);
        }
        EncodingType type = EncodingType.fromName(name)
                .orElseThrow(() -> new IllegalArgumentException("JTokkit has no encoding '" + name + "'"));
        Encoding enc = Encodings.newLazyEncodingRegistry().getEncoding(type);

        MessageDigest vocabDigest = sha256Digest();
        BitSet known = new BitSet();
        ByteBuffer header = ByteBuffer.allocate(8);
        int max = -1;
        for (int t = 0; t - max <= SCAN_GAP; t++) {
            byte[] bytes = tokenBytes(enc, t);
            if (bytes == null) {
                continue;
            }
            known.set(t);
            max = t;
            header.clear();
            header.putInt(t).putInt(bytes.length);
            vocabDigest.update(header.array());
            vocabDigest.update(bytes);
        }
        if (max < 0) {
            throw new IllegalStateException("JTokkit encoding '" + name + "' decodes no token");
        }
        String identity = "jtokkit/" + JTOKKIT_VERSION + "/" + name + "\n"
                + HexFormat.of().formatHex(vocabDigest.digest());
        String sha = HexFormat.of().formatHex(sha256Digest().digest(identity.getBytes(StandardCharsets.UTF_8)));
        return new JtokkitTokenizer(name, enc, known, max + 1, sha);
    }

    /** Bytes of one token, or null when JTokkit knows no token with that id. */
    private static byte[] tokenBytes(Encoding enc, int t) {
        IntArrayList one = new IntArrayList(1);
        one.add(t);
        try {
            return enc.decodeBytes(one);
        } catch (RuntimeException unknown) { // JTokkit 1.1.0 throws NullPointerException("Unknown token ...")
            return null;
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
        return "jtokkit-" + JTOKKIT_VERSION;
    }

    @Override
    public int[] encode(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        return encoding.encodeOrdinary(text).toArray();
    }

    @Override
    public String decode(int[] ids) {
        IntArrayList list = new IntArrayList(ids.length);
        for (int t : ids) {
            if (t >= 0 && known.get(t)) {
                list.add(t);
            }
        }
        return encoding.decode(list);
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "JtokkitTokenizer[" + id + ", V=" + vocabSize + "]";
    }
}
