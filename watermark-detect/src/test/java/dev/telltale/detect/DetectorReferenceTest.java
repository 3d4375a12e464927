package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telltale.core.KgwParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TokenizerRef;
import dev.telltale.core.Tt1Prf;
import dev.telltale.core.UnigramParameters;
import dev.telltale.core.WatermarkKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The optimised scoring path (sized tape, batched seeds, SIMD SipHash when available, branch-free green
 * count) against a naive reference written from DESIGN.md §4/§6: a set of (window, token) lists and one
 * scalar seed per new position.
 */
class DetectorReferenceTest {
    private static final int V = 151_669;

    @ParameterizedTest(name = "h={0}, n={1}")
    @CsvSource({"0, 5000", "1, 3000", "2, 1", "2, 3", "2, 17", "2, 2500", "2, 70000", "4, 4000", "6, 3000"})
    void detectIds_equalsNaiveDedupAndScalarSeeds(int h, int n) {
        SchemeParameters scheme = h == 0 ? new UnigramParameters(0.25, 2.0) : new KgwParameters(0.25, 2.0, h);
        byte[] secret = new byte[32];
        new SplittableRandom(h * 7919L + n).nextBytes(secret);
        WatermarkKey key = WatermarkKey.fromSecret(secret, scheme, new TokenizerRef("ids", "0".repeat(64), V),
                Instant.EPOCH);
        SplittableRandom r = new SplittableRandom(n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) { // Zipf-ish ids with copied spans: many repeated tuples
            ids[i] = r.nextInt(10) < 3 && i > 40 ? ids[i - 1 - r.nextInt(40)] : (int) Math.min(V - 1,
                    Math.floor(Math.exp(r.nextDouble() * Math.log(V))));
        }
        Detection fast = new Detector(key, new IdsTokenizer(V), 1e-6).detectIds(ids);

        Set<List<Integer>> seen = new HashSet<>();
        long scored = 0;
        long green = 0;
        long threshold = Tt1Prf.greenThreshold(0.25);
        for (int t = h; t < n; t++) {
            List<Integer> tuple = Arrays.stream(ids, t - h, t + 1).boxed().toList();
            if (seen.add(tuple)) {
                scored++;
                green += Tt1Prf.isGreen(Tt1Prf.value(key.prf().seed(ids, t - h, t), ids[t]), threshold) ? 1 : 0;
            }
        }
        assertEquals(scored, fast.tokensScored());
        assertEquals((double) green, fast.score());
        assertEquals(n, fast.tokensTotal());
    }

    /** A tokenizer stand-in that only carries V (the scoring path never tokenises here). */
    private record IdsTokenizer(int vocabSize) implements dev.telltale.core.TextTokenizer {
        @Override public String id() { return "ids"; }
        @Override public String sha256() { return "0".repeat(64); }
        @Override public int[] encode(String text) { throw new UnsupportedOperationException(); }
        @Override public String decode(int[] ids) { throw new UnsupportedOperationException(); }
        @Override public String implementation() { return "none"; }
        @Override public void close() { }
    }
}
