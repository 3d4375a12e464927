package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.telltale.core.HfSynthIdParameters;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hf-synthid embed step's grouped form against its per-token reference, and its per-sequence state. */
class HfSynthIdEmbedderTest {
    private static final HfSynthIdParameters P = HfSynthIdParameters.hfDefaults();

    @Test
    void groupedByResidue_equalsPerTokenReference_onAFullQwenVocabulary() {
        SplittableRandom r = new SplittableRandom(3);
        int vocab = 151_669;
        HfSynthIdEmbedder grouped = new HfSynthIdEmbedder(P);
        HfSynthIdEmbedder plain = new HfSynthIdEmbedder(P, true);
        int[] seq = new int[8];
        for (int step = 0; step < 6; step++) {
            int len = 2 + step;
            seq[len - 1] = r.nextInt(vocab);
            float[] logits = new float[vocab];
            for (int v = 0; v < vocab; v++) {
                logits[v] = (float) (r.nextGaussian() * 3);
            }
            float[] a = logits.clone();
            float[] b = logits.clone();
            grouped.process(seq, len, a);
            plain.process(seq, len, b);
            assertFalse(Arrays.equals(logits, a), "step " + step + " was watermarked");
            for (int v = 0; v < vocab; v++) {
                assertEquals(b[v], a[v], 2e-6f * Math.max(1f, Math.abs(b[v])), "step " + step + " token " + v);
            }
        }
    }

    @Test
    void aContextThatIsNotTheLastOnePlusOneId_startsANewSequence() {
        SplittableRandom r = new SplittableRandom(4);
        float[] logits = new float[300];
        for (int v = 0; v < logits.length; v++) {
            logits[v] = (float) r.nextGaussian();
        }
        int[] a = {5, 6, 7, 8, 9, 10, 11};
        HfSynthIdEmbedder reused = new HfSynthIdEmbedder(P);
        for (int len = 3; len <= a.length; len++) {
            reused.process(a, len, logits.clone());
        }
        int[] b = {1, 2, 3, 4, 5, 6, 7};
        HfSynthIdEmbedder fresh = new HfSynthIdEmbedder(P);
        for (int len = 2; len <= b.length; len++) {
            float[] x = logits.clone();
            float[] y = logits.clone();
            reused.process(b, len, x);
            fresh.process(b, len, y);
            assertArrayEquals(y, x, "length " + len);
        }
    }
}
