package dev.telltale.corpus.scan.internal;

import dev.telltale.core.Tt1Prf;
import dev.telltale.detect.Detector;
import dev.telltale.detect.SequenceScorer;
import dev.telltale.detect.TokenScorer;
import java.util.Arrays;

/**
 * The corpus-wide dedup keys of a scan's pooled test and the score of a distinct key, as {@code PooledDetector}
 * defines them: packed (window, token) tuples ({@link TupleCodec}) for schemes scored per tuple; for schemes
 * scored per sequence (kgw-selfhash, synthid, HF modes) their units ({@link SequenceScorer#pooledUnits}: the
 * PRF input each score depends on, after the scheme's per-text masks). Keys are non-negative, {@link #width}
 * longs each. {@link #keysOf} is thread-safe; {@link #score} is for the writer thread only.
 */
abstract class PooledKeys {
    final int width;

    private PooledKeys(int width) {
        this.width = width;
    }

    /** The pooled keys for {@code d}'s scheme, or null when it has none (a sequence scorer without units). */
    static PooledKeys forDetector(Detector d) {
        TokenScorer scorer = d.scorer();
        if (scorer instanceof SequenceScorer s) {
            return s.supportsPooling() ? new Units(s) : null;
        }
        return new Tuples(new TupleCodec(d.tokenizer().vocabSize(), scorer.contextWidth()), scorer, d.key().prf());
    }

    /** The keys of a text's scored positions, in text order, {@link #width} longs each. */
    abstract long[] keysOf(int[] ids);

    /** The score of a distinct key. */
    abstract double score(long lo, long hi);

    /** What is deduplicated, for the summary. */
    abstract String dedup();

    private static final class Tuples extends PooledKeys {
        private final TupleCodec codec;
        private final TokenScorer scorer;
        private final Tt1Prf prf;
        private final int[] tuple; // [h + 1] scratch of the writer thread

        Tuples(TupleCodec codec, TokenScorer scorer, Tt1Prf prf) {
            super(codec.width);
            this.codec = codec;
            this.scorer = scorer;
            this.prf = prf;
            this.tuple = new int[codec.tupleLength()];
        }

        @Override
        long[] keysOf(int[] ids) {
            return codec.encodeAll(ids);
        }

        @Override
        double score(long lo, long hi) {
            codec.decode(lo, hi, tuple);
            int h = codec.contextWidth;
            return scorer.score(prf.seed(tuple, 0, h), tuple[h]);
        }

        @Override
        String dedup() {
            return "each (window, token) tuple scored once over the whole corpus";
        }
    }

    private static final class Units extends PooledKeys {
        private final SequenceScorer scorer;

        Units(SequenceScorer scorer) {
            super(2);
            this.scorer = scorer;
        }

        @Override
        long[] keysOf(int[] ids) {
            long[] units = new long[2 * ids.length];
            int n = scorer.pooledUnits(ids, new int[ids.length], units);
            return Arrays.copyOf(units, 2 * n);
        }

        @Override
        double score(long lo, long hi) {
            return scorer.unitScore(lo, hi);
        }

        @Override
        String dedup() {
            return "each " + scorer.unitDefinition() + " scored once over the whole corpus, after the scheme's per-text masks";
        }
    }
}
