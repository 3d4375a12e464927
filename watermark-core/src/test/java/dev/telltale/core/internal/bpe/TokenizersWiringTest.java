package dev.telltale.core.internal.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.telltale.core.TextTokenizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Tokenizers} picks the fast implementation by default and the reference on request. */
class TokenizersWiringTest {

    @Test
    void load_qwen3_isFastByDefault_andDjlOnRequest() {
        TextTokenizer fast = Tokenizers.load("qwen3");
        TextTokenizer djl = Tokenizers.load("qwen3", TokenizerImpl.DJL);
        assertEquals("fast-bpe", fast.implementation());
        assertEquals("djl-hf", djl.implementation());
        assertNotSame(fast, djl);
        assertEquals(djl.ref(), fast.ref());
        String text = "Tokenizers: fast <|im_start|> and 参考 👩‍💻 DON'T\r\n";
        assertArrayEquals(djl.encode(text), fast.encode(text));
    }

    @Test
    void implName_parsesCaseInsensitively() {
        assertEquals(TokenizerImpl.FAST, TokenizerImpl.parse("fast"));
        assertEquals(TokenizerImpl.DJL, TokenizerImpl.parse("DJL"));
        assertThrows(IllegalArgumentException.class, () -> TokenizerImpl.parse("rust"));
    }

    /** Many threads on one instance: shared cache, per-thread scratch. */
    @Test
    void encode_fromManyThreads_isDeterministic() throws Exception {
        TextTokenizer fast = Tokenizers.load("qwen3");
        List<String> docs = new ArrayList<>();
        dev.telltale.core.EmbeddedCorpora.brown().subList(0, 64).forEach(d -> docs.add(d.text()));
        List<int[]> expected = new ArrayList<>();
        for (String d : docs) {
            expected.add(fast.encode(d));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                fs.add(pool.submit(() -> {
                    for (int k = 0; k < docs.size(); k++) {
                        int i = (k * 7 + offset) % docs.size();
                        assertArrayEquals(expected.get(i), fast.encode(docs.get(i)));
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
