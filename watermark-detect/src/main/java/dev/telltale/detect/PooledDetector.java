package dev.telltale.detect;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A pooled test over many texts (a dataset, or a suspect model's outputs): one global dedup tape, so each
 * (context window, token) tuple is scored once over the whole corpus, then one exact tail over the pooled
 * counts (DESIGN.md §6; Sander et al. 2024, "tape"). Texts shorter than the context width add nothing.
 *
 * <p>Schemes scored per sequence ({@link SequenceScorer}: kgw-selfhash, synthid, the HuggingFace modes) apply
 * their per-text masks to each text (synthid's repeated contexts), then the pool scores each distinct unit —
 * the PRF input the score depends on, e.g. (min-hash seed, token) — once; the exact tail is the per-text one.
 * Dedup decisions depend on the ids and the key only, never on a score, so the null stays exact.
 *
 * <p>Thread-safe: texts are tokenised outside the lock and scored under it, so several threads may feed
 * one pool; the result does not depend on the order of texts except through which duplicate is kept,
 * which cannot change the counts.
 */
public final class PooledDetector {
    private final Detector detector;
    private final PairTape tape;
    private final Detector.Tally tally = new Detector.Tally();
    private long documents;

    /**
     * @throws IllegalArgumentException for a {@link SequenceScorer} that does not {@link SequenceScorer#supportsPooling
     *                                  support pooling} (every built-in scheme does)
     */
    public PooledDetector(Detector detector) {
        if (detector.scorer() instanceof SequenceScorer s && !s.supportsPooling()) {
            throw new IllegalArgumentException("scheme '" + detector.key().scheme().schemeId()
                    + "' scores whole sequences and does not define pooled units: no pooled test");
        }
        this.detector = detector;
        this.tape = detector.newTape(detector.tokenizer().vocabSize());
    }

    /** Adds one text. */
    public void addText(String text) {
        addIds(detector.tokenize(text));
    }

    /** Adds one already-tokenised text (ids from the key's tokenizer). */
    public synchronized void addIds(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= detector.tokenizer().vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the tokenizer's vocabulary ("
                        + detector.tokenizer().vocabSize() + ")");
            }
        }
        detector.accumulate(ids, tape, tally);
        documents++;
    }

    public synchronized long documents() {
        return documents;
    }

    /** The pooled detection so far. */
    public synchronized Detection result() {
        return detector.result(tally.tokensTotal, tally.tokensScored, tally.score);
    }

    private static final int CHECKPOINT_VERSION = 1;

    /**
     * Writes the pool's whole state (counts, documents, the dedup tape) so that a long test can stop and
     * later {@link #restore} to exactly where it was: adding the remaining texts to the restored pool gives the
     * same result as an uninterrupted run. The key id is recorded, never the secret.
     */
    public synchronized void checkpoint(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeUTF("telltale-pool");
        d.writeInt(CHECKPOINT_VERSION);
        d.writeUTF(detector.key().keyId());
        d.writeLong(tally.tokensTotal);
        d.writeLong(tally.tokensScored);
        d.writeDouble(tally.score);
        d.writeLong(documents);
        tape.writeTo(d);
        d.flush();
    }

    /**
     * A pool in the state {@link #checkpoint} wrote.
     *
     * @throws IOException for a truncated or foreign checkpoint, or one written under another key
     */
    public static PooledDetector restore(Detector detector, InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        if (!"telltale-pool".equals(d.readUTF()) || d.readInt() != CHECKPOINT_VERSION) {
            throw new IOException("not a telltale pooled-test checkpoint (or another version)");
        }
        String keyId = d.readUTF();
        if (!keyId.equals(detector.key().keyId())) {
            throw new IOException("checkpoint was written for key " + keyId + ", not " + detector.key().keyId());
        }
        PooledDetector p = new PooledDetector(detector);
        p.tally.tokensTotal = d.readLong();
        p.tally.tokensScored = d.readLong();
        p.tally.score = d.readDouble();
        p.documents = d.readLong();
        p.tape.readFrom(d);
        return p;
    }
}
