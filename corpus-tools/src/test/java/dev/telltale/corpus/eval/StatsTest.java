package dev.telltale.corpus.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import dev.telltale.detect.TokenScorer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void clopperPearson_matchesClosedFormsAndTables() {
        // k = 0: upper = 1 - (alpha/2)^(1/n); k = n: lower = (alpha/2)^(1/n)
        double[] zero = Stats.clopperPearson(0, 3000, 0.95);
        assertEquals(0, zero[0]);
        assertEquals(1 - Math.pow(0.025, 1.0 / 3000), zero[1], 1e-12);
        double[] all = Stats.clopperPearson(20, 20, 0.95);
        assertEquals(Math.pow(0.025, 1.0 / 20), all[0], 1e-12);
        assertEquals(1, all[1]);
        // 5 of 10: the textbook 95% interval [0.1871, 0.8129]
        double[] half = Stats.clopperPearson(5, 10, 0.95);
        assertEquals(0.18709, half[0], 1e-5);
        assertEquals(0.81291, half[1], 1e-5);
    }

    @Test
    void exactSize_ofBinomialTest_equalsIndependentSum() {
        TextTokenizer qwen = Tokenizers.load("qwen3");
        TokenScorer kgw = new Detector(WatermarkKey.fromSecret(new byte[32], Schemes.KGW_V1, qwen.ref(), Instant.EPOCH), qwen, 1e-6).scorer();
        for (double alpha : new double[] {1e-1, 1e-2, 1e-4}) {
            // smallest k with P(Bin(200, 1/4) >= k) <= alpha, by exact BigDecimal sums
            BigDecimal[] tail = new BigDecimal[202];
            tail[201] = BigDecimal.ZERO;
            for (int k = 200; k >= 0; k--) {
                tail[k] = tail[k + 1].add(pmf(200, k));
            }
            int k = 0;
            while (tail[k].doubleValue() > alpha) {
                k++;
            }
            assertEquals(tail[k].doubleValue(), Stats.exactSize(kgw, 200, alpha), 1e-9 * alpha);
        }
        TokenScorer gumbel = new Detector(WatermarkKey.fromSecret(new byte[32], Schemes.GUMBEL_V1, qwen.ref(), Instant.EPOCH), qwen, 1e-6).scorer();
        assertEquals(1e-3, Stats.exactSize(gumbel, 200, 1e-3)); // continuous statistic: size = alpha
    }

    private static BigDecimal pmf(int n, int k) {
        BigDecimal c = BigDecimal.ONE;
        for (int i = 0; i < k; i++) {
            c = c.multiply(BigDecimal.valueOf(n - i)).divide(BigDecimal.valueOf(i + 1), MathContext.DECIMAL128);
        }
        return c.multiply(BigDecimal.valueOf(0.25).pow(k)).multiply(BigDecimal.valueOf(0.75).pow(n - k));
    }

    @Test
    void auc_countsPairsAndHalfTies() {
        assertEquals(1.0, Stats.auc(new double[] {3, 4}, new double[] {1, 2}));
        assertEquals(0.0, Stats.auc(new double[] {1}, new double[] {2}));
        assertEquals(0.875, Stats.auc(new double[] {2, 3}, new double[] {1, 2}), 1e-15); // (1 + 0.5 + 1 + 1) / 4
    }
}
