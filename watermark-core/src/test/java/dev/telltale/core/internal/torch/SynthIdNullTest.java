package dev.telltale.core.internal.torch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.HfSynthIdParameters;
import org.junit.jupiter.api.Test;

/**
 * The null the hf-synthid detector assumes: Σ_l g_l at a position ~ Binomial(m, ½). Exactly, the layer sum
 * is a fixed function of the token hash's residue mod 2^16; over uniformly distributed residues its mean
 * and variance must not exceed the binomial's, so that the Binomial(T·m, ½) tail is not anti-conservative.
 */
class SynthIdNullTest {

    @Test
    void defaultTableAndKeys_layerSumOverAllResidues_isNoMoreSpreadOrHigherThanBinomial() {
        HfSynthIdParameters p = HfSynthIdParameters.hfDefaults();
        SynthIdG g = p.gValues();
        int m = p.depth();
        double sum = 0;
        double sumSq = 0;
        int size = p.samplingTableSize();
        for (long r = 0; r < size; r++) {
            int s = Long.bitCount(g.pattern(r));
            sum += s;
            sumSq += (double) s * s;
        }
        double mean = sum / size;
        double var = sumSq / size - mean * mean;
        System.out.printf("hf-synthid null: layer-sum mean %.4f (binomial %.1f), variance %.4f (binomial %.2f)%n", mean,
                m / 2.0, var, m / 4.0);
        assertTrue(mean <= m / 2.0, "mean " + mean);
        assertTrue(var <= m / 4.0, "variance " + var);
        assertTrue(mean > m / 2.0 - 0.05 && var > m / 4.0 - 0.2, "the table looks broken: " + mean + ", " + var);
    }
}
