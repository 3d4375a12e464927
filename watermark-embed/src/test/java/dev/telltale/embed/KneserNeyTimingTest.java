package dev.telltale.embed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rough timings at Brown-corpus scale (1.2M tokens, Qwen3 V = 151,669) printed to stdout, nothing asserted.
 * Gated: {@code mvn -B -pl watermark-embed -am test -Dtest=KneserNeyTimingTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtelltale.full=true}. Real numbers belong in JMH under bench/.
 */
@Tag("slow")
class KneserNeyTimingTest {
    private static final int V = 151_669;
    private static final int TOKENS = 1_200_000;

    /** zipfExponent 0 = uniform ids; ~1.1 is closer to natural text. */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.1})
    void printTrainAndLogitsTimes(double zipfExponent) throws IOException {
        assumeTrue(Boolean.getBoolean("telltale.full"), "timing printout runs with -Dtelltale.full=true");
        List<int[]> docs = corpus(zipfExponent, new Random(42));
        KneserNeyModel model = null;
        long firstTrainNanos = 0;
        long trainNanos = Long.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            model = KneserNeyModel.train(docs, V, 3);
            long elapsed = System.nanoTime() - t0;
            firstTrainNanos = rep == 0 ? elapsed : firstTrainNanos;
            trainNanos = Math.min(trainNanos, elapsed);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes);
        long readNanos = Long.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long r0 = System.nanoTime();
            KneserNeyModel.read(new ByteArrayInputStream(bytes.toByteArray()));
            readNanos = Math.min(readNanos, System.nanoTime() - r0);
        }

        int[] ids = docs.get(0);
        float[] out = new float[V];
        int calls = 20_000;
        int[] ctx = new int[2];
        Random random = new Random(1);
        for (int i = 0; i < calls; i++) { // warm-up
            int p = 2 + random.nextInt(ids.length - 2);
            model.logits(ids, p, out);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            int p = 2 + random.nextInt(ids.length - 2);
            model.logits(ids, p, out);
        }
        double seenMicros = (System.nanoTime() - t0) / 1e3 / calls;
        ctx[0] = V - 1; // never seen, so only the order-2 row of the most frequent id (0) is fixed up
        ctx[1] = 0;
        t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            model.logits(ctx, 2, out);
        }
        double commonMicros = (System.nanoTime() - t0) / 1e3 / calls;
        System.out.printf("kn-timing zipf=%.1f %s: train %.0f ms (first %.0f ms), file %.1f MB, read %.0f ms, "
                        + "logits %.1f us/call (contexts from the corpus), %.1f us/call (most frequent id, row of %d)%n",
                zipfExponent, model.describe(), trainNanos / 1e6, firstTrainNanos / 1e6, bytes.size() / 1e6, readNanos / 1e6,
                seenMicros, commonMicros, model.table(2).rowLength(model.table(2).find(ctx, 1)));
    }

    private static List<int[]> corpus(double s, Random random) {
        double[] cdf = new double[V];
        double sum = 0;
        for (int w = 0; w < V; w++) {
            sum += s == 0 ? 1 : Math.pow(w + 1, -s);
            cdf[w] = sum;
        }
        List<int[]> docs = new ArrayList<>();
        for (int left = TOKENS; left > 0; ) {
            int[] doc = new int[Math.min(left, 2_000)];
            for (int i = 0; i < doc.length; i++) {
                int w = Arrays.binarySearch(cdf, random.nextDouble() * sum);
                doc[i] = Math.min(V - 2, w < 0 ? -w - 1 : w);
            }
            docs.add(doc);
            left -= doc.length;
        }
        return docs;
    }
}
