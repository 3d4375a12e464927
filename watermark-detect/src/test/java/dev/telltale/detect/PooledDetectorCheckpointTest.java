package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** A pooled test stopped at a checkpoint and restored finishes exactly like an uninterrupted one. */
class PooledDetectorCheckpointTest {
    private static TextTokenizer qwen;
    private static List<int[]> brown;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        brown = DefaultModels.brownIds(qwen).subList(0, 120);
    }

    private static WatermarkKey key(int fill, dev.telltale.core.SchemeParameters scheme) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) fill);
        return WatermarkKey.fromSecret(s, scheme, qwen.ref(), Instant.EPOCH);
    }

    @Test
    void restoredPool_withOverlappingRemainder_equalsUninterruptedRun() throws IOException {
        for (dev.telltale.core.SchemeParameters scheme : List.of(Schemes.KGW_V1, Schemes.GUMBEL_V1)) {
            Detector detector = new Detector(key(3, scheme), qwen, 1e-6);
            PooledDetector whole = new PooledDetector(detector);
            brown.forEach(whole::addIds);
            brown.subList(0, 10).forEach(whole::addIds); // repeats: must stay deduplicated across the restart

            PooledDetector first = new PooledDetector(detector);
            brown.subList(0, 70).forEach(first::addIds);
            ByteArrayOutputStream cp = new ByteArrayOutputStream();
            first.checkpoint(cp);
            PooledDetector resumed = PooledDetector.restore(detector, new ByteArrayInputStream(cp.toByteArray()));
            brown.subList(70, brown.size()).forEach(resumed::addIds);
            brown.subList(0, 10).forEach(resumed::addIds);

            assertEquals(whole.result(), resumed.result(), scheme.schemeId());
            assertEquals(whole.documents(), resumed.documents());
            assertTrue(resumed.result().tokensScored() > 100_000);
        }
    }

    /**
     * The sequence-scored schemes keep a tape of units (PRF inputs) rather than tuples: split, checkpointed and
     * restored, with repeats across the restart, the pool ends as the uninterrupted one. The hf-kgw cases run
     * with greenlist_ratio 0.05 and fewer documents (their green decisions cost O(γV) each).
     */
    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.telltale.detect.SequenceSchemeKeys#CASES")
    void sequenceScoredScheme_restoredPool_equalsUninterruptedRun(String scheme) throws IOException {
        WatermarkKey key = SequenceSchemeKeys.random(scheme, qwen, new SplittableRandom(scheme.hashCode()), 0.05);
        Detector detector = new Detector(key, qwen, 1e-6);
        List<int[]> docs = brown.subList(0, scheme.startsWith("hf-kgw") ? 6 : 40);
        int cut = docs.size() * 3 / 5;
        PooledDetector whole = new PooledDetector(detector);
        docs.forEach(whole::addIds);
        docs.subList(0, 3).forEach(whole::addIds);

        PooledDetector first = new PooledDetector(detector);
        docs.subList(0, cut).forEach(first::addIds);
        ByteArrayOutputStream cp = new ByteArrayOutputStream();
        first.checkpoint(cp);
        PooledDetector resumed = PooledDetector.restore(detector, new ByteArrayInputStream(cp.toByteArray()));
        docs.subList(cut, docs.size()).forEach(resumed::addIds);
        docs.subList(0, 3).forEach(resumed::addIds);

        assertEquals(whole.result(), resumed.result(), scheme);
        assertEquals(docs.size() + 3, resumed.documents());
        assertTrue(resumed.result().tokensScored() > 2_000, scheme + ": " + resumed.result().tokensScored());
        assertTrue(resumed.result().tokensScored() < resumed.result().tokensTotal() - 3_000, "repeats were not counted");
    }

    @Test
    void checkpointOfAnotherKey_orTruncated_isRefused() throws IOException {
        Detector a = new Detector(key(1, Schemes.KGW_V1), qwen, 1e-6);
        Detector b = new Detector(key(2, Schemes.KGW_V1), qwen, 1e-6);
        PooledDetector pool = new PooledDetector(a);
        brown.subList(0, 5).forEach(pool::addIds);
        ByteArrayOutputStream cp = new ByteArrayOutputStream();
        pool.checkpoint(cp);
        byte[] bytes = cp.toByteArray();
        IOException e = assertThrows(IOException.class, () -> PooledDetector.restore(b, new ByteArrayInputStream(bytes)));
        assertTrue(e.getMessage().contains(a.key().keyId()), e.getMessage());
        assertThrows(IOException.class,
                () -> PooledDetector.restore(a, new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 9))));
    }
}
