package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The linear scan (short pieces) and the heap (long pieces) make the same merges. */
class BpeMergerTest {

    @Test
    void linearAndHeap_agree_onRandomPieces() throws Exception {
        BpeDefinition def = BpeDefinition.parse(Reference.qwen3Json());
        BpeMerger m = new BpeMerger(def.merges, def.byteIds);
        SplittableRandom rng = new SplittableRandom(5);
        String alphabet = "etaoinshrdlu ETAOIN'.,0123456789éüß中文";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rng.nextInt(2, 40);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            int[] viaLinear = merge(m, b, true);
            int[] viaHeap = merge(m, b, false);
            assertArrayEquals(viaLinear, viaHeap, sb.toString());
        }
    }

    private static int[] merge(BpeMerger m, byte[] b, boolean linear) {
        return linear ? m.linearOf(b, b.length) : m.heapOf(b, b.length);
    }
}
