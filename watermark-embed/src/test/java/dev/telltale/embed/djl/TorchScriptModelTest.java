package dev.telltale.embed.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter's side of the contract on the two contract modules (testdata/models/contract-*, made by
 * testdata/scripts/make_torchscript_contract_models.py) and on the Brown model: windowing, [1, T, V] output,
 * float64 conversion, bad shapes and bad model directories refused at load with a clear message, threads,
 * and no per-step array allocation.
 */
class TorchScriptModelTest {
    @TempDir
    Path tmp;

    private static Path contract(String name) {
        return TestModels.repo().resolve("testdata/models/contract-" + name);
    }

    @Test
    void allPositionsOutput_usesTheLastRowOfTheWindow_convertedToFloat32() throws IOException {
        // out[0, t, v] = 0.25 * ids[t] + 0.5 * v + t over the window (no BOS, context 5, V 7).
        try (TorchScriptModel m = TorchScriptModel.load(contract("all-positions"))) {
            assertEquals(7, m.vocabSize());
            int[] ctx = {3, 1, 4, 1, 5, 6, 2, 6};
            float[] out = new float[7];
            for (int n = 1; n <= ctx.length; n++) {
                m.logits(ctx, n, out);
                int t = Math.min(n, 5);
                float[] expected = new float[7];
                for (int v = 0; v < 7; v++) {
                    expected[v] = (float) (0.25 * ctx[n - 1] + 0.5 * v + (t - 1));
                }
                assertArrayEquals(expected, out, "context length " + n);
            }
        }
    }

    @Test
    void modelWithoutBos_refusesAnEmptyContext() throws IOException {
        try (TorchScriptModel m = TorchScriptModel.load(contract("all-positions"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.logits(new int[0], 0, new float[7]));
            assertTrue(e.getMessage().contains("no bos_id"), e.getMessage());
        }
    }

    @Test
    void wrongOutputShape_isRefusedAtLoad() {
        IOException e = assertThrows(IOException.class, () -> TorchScriptModel.load(contract("bad-shape")));
        assertTrue(e.getMessage().contains("returned shape (1, 8)") && e.getMessage().contains("expected [1, 7]"), e.getMessage());
    }

    @Test
    void idsOutsideTheVocabulary_andWrongBufferLength_areRefused() throws IOException {
        try (TorchScriptModel m = TorchScriptModel.load(contract("all-positions"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.logits(new int[] {1, 7}, 2, new float[7]));
            assertTrue(e.getMessage().contains("token id 7 at position 1 is outside [0, 7)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.logits(new int[] {-1}, 1, new float[7]));
            assertThrows(IllegalArgumentException.class, () -> m.logits(new int[] {1}, 1, new float[8]));
            assertThrows(IllegalArgumentException.class, () -> m.logits(new int[] {1}, 2, new float[7]));
            // Ids before the window are not fed, hence not checked either.
            m.logits(new int[] {99, 1, 2, 3, 4, 5}, 6, new float[7]);
        }
    }

    @Test
    void badModelDirectories_failWithAOneLineReason() throws IOException {
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir);
        assertLoadFails(dir, "no model.json");

        Files.writeString(dir.resolve("model.json"), "{not json");
        assertLoadFails(dir, "not valid JSON");

        String good = Files.readString(contract("all-positions").resolve("model.json"));
        Files.writeString(dir.resolve("model.json"), good.replace("telltale-torchscript-lm/v1", "something/v9"));
        assertLoadFails(dir, "\"format\" must be");

        Files.writeString(dir.resolve("model.json"), good.replace("\"file\": \"model.pt\"", "\"file\": \"../model.pt\""));
        assertLoadFails(dir, "plain file name");

        Files.writeString(dir.resolve("model.json"), good.replace("\"context_length\": 5", "\"context_length\": \"5\""));
        assertLoadFails(dir, "\"context_length\" must be an integer");

        Files.writeString(dir.resolve("model.json"), good);
        assertLoadFails(dir, "not found");

        Files.writeString(dir.resolve("model.pt"), "not a TorchScript file", StandardCharsets.UTF_8);
        assertLoadFails(dir, "has SHA-256");

        Files.writeString(dir.resolve("model.json"), good.replaceAll("\"file_sha256\": \"[0-9a-f]+\",", ""));
        assertLoadFails(dir, "PyTorch cannot load");
    }

    private static void assertLoadFails(Path dir, String reason) {
        IOException e = assertThrows(IOException.class, () -> TorchScriptModel.load(dir));
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void copies_onTwoThreads_giveTheSameLogitsAsOneThread_andOutliveTheOriginal() throws Exception {
        TorchScriptModel m = TorchScriptModel.load(TestModels.tinyModelDir());
        int v = m.vocabSize();
        int[][] contexts = new int[8][];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = rng.ints(1 + rng.nextInt(80), 0, v).toArray();
        }
        float[][] expected = new float[contexts.length][v];
        for (int i = 0; i < contexts.length; i++) {
            m.logits(contexts[i], contexts[i].length, expected[i]);
        }
        TorchScriptModel a = m.copy();
        TorchScriptModel b = m.copy();
        m.close();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<float[][]> fa = pool.submit(() -> run(a, contexts));
            Future<float[][]> fb = pool.submit(() -> run(b, contexts));
            float[][] ra = fa.get();
            float[][] rb = fb.get();
            for (int i = 0; i < contexts.length; i++) {
                assertArrayEquals(expected[i], ra[i], "thread A, context " + i);
                assertArrayEquals(expected[i], rb[i], "thread B, context " + i);
            }
        } finally {
            pool.shutdown();
            a.close();
            b.close();
        }
        assertThrows(IllegalStateException.class, () -> a.logits(contexts[0], 1, new float[v]));
        assertThrows(IllegalStateException.class, a::copy);
    }

    private static float[][] run(TorchScriptModel m, int[][] contexts) {
        float[][] r = new float[contexts.length][m.vocabSize()];
        for (int rep = 0; rep < 3; rep++) {
            for (int i = 0; i < contexts.length; i++) {
                m.logits(contexts[i], contexts[i].length, r[i]);
            }
        }
        return r;
    }

    @Test
    void decodeStep_allocatesFarLessThanOneLogitsArray() throws IOException {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (TorchScriptModel m = TorchScriptModel.load(TestModels.tinyModelDir())) {
            int[] ctx = new SplittableRandom(3).ints(100, 0, m.vocabSize()).toArray();
            float[] out = new float[m.vocabSize()];
            for (int n = 1; n <= 20; n++) {
                m.logits(ctx, n, out); // warm-up
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            int steps = 0;
            for (int n = 20; n <= 100; n++, steps++) {
                m.logits(ctx, n, out);
            }
            long perStep = (mx.getThreadAllocatedBytes(tid) - before) / steps;
            System.out.printf("TorchScript step: %d bytes allocated on the Java heap per step (a logits array: %d)%n",
                    perStep, 4L * m.vocabSize());
            assertTrue(perStep < 4L * m.vocabSize() / 20, "allocated " + perStep + " bytes per step");
        }
    }
}
