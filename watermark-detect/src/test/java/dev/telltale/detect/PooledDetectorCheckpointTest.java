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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
