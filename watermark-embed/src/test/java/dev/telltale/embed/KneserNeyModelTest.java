package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KneserNeyModelTest {
    private static final int TOY_V = 50;
    private static final int RANDOM_V = 5000;

    /** Toy corpus over ids 0..19 (20..49 never occur); "1 2" is always followed by 3. */
    private static List<int[]> toyCorpus() {
        return List.of(
                new int[] {1, 2, 3, 4, 5, 1, 2, 3, 6},
                new int[] {7, 1, 2, 3, 8, 9, 4, 5},
                new int[] {4, 5, 6, 7, 1, 2, 3},
                new int[] {10, 11, 12, 4, 5, 6, 13, 14, 15, 16, 17, 18, 19},
                new int[] {5, 4, 5, 4, 1, 2, 3, 12, 11, 10},
                new int[] {});
    }

    /** Zipf-like random documents so that contexts repeat; ids at the top of the range stay unseen. */
    private static List<int[]> randomCorpus(int vocabSize, int documents, long seed) {
        Random random = new Random(seed);
        List<int[]> docs = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            int[] doc = new int[1 + random.nextInt(400)];
            for (int i = 0; i < doc.length; i++) {
                double u = random.nextDouble();
                doc[i] = (int) ((vocabSize - 10) * u * u * u);
            }
            docs.add(doc);
        }
        return docs;
    }

    /** Contexts covering: seen top-order context, seen lower-order only, unseen, empty, short and long. */
    private static List<int[]> probeContexts(List<int[]> corpus, int vocabSize, int order) {
        int[] doc = corpus.get(0);
        int[] seenTop = Arrays.copyOfRange(doc, doc.length - order + 1, doc.length);
        int[] seenLowerOnly = new int[order - 1];
        Arrays.fill(seenLowerOnly, vocabSize - 1); // never seen
        seenLowerOnly[order - 2] = doc[0];
        int[] unseen = new int[order - 1];
        Arrays.fill(unseen, vocabSize - 2);
        int[] longer = Arrays.copyOf(doc, Math.min(doc.length, order + 3));
        return List.of(seenTop, seenLowerOnly, unseen, new int[0], new int[] {doc[0]}, longer);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void logits_sumToOne_overFullVocabulary(int order) {
        for (boolean toy : new boolean[] {true, false}) {
            int v = toy ? TOY_V : RANDOM_V;
            List<int[]> corpus = toy ? toyCorpus() : randomCorpus(v, 60, 7);
            KneserNeyModel model = KneserNeyModel.train(corpus, v, order);
            float[] out = new float[v];
            for (int[] ctx : probeContexts(corpus, v, order)) {
                model.logits(ctx, ctx.length, out);
                double sum = 0;
                for (float logit : out) {
                    sum += Math.exp(logit);
                }
                assertEquals(1.0, sum, 1e-4, "order " + order + " V " + v + " context " + Arrays.toString(ctx));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void logits_matchNaiveReference_within1e6(int order) {
        for (boolean toy : new boolean[] {true, false}) {
            int v = toy ? TOY_V : RANDOM_V;
            List<int[]> corpus = toy ? toyCorpus() : randomCorpus(v, 60, 11);
            KneserNeyModel model = KneserNeyModel.train(corpus, v, order);
            KneserNeyReference reference = new KneserNeyReference(corpus, v, order);
            for (int k = 1; k <= order; k++) {
                assertEquals(reference.discount(k), model.discount(k), 1e-12, "D_" + k);
            }
            List<int[]> contexts = new ArrayList<>(probeContexts(corpus, v, order));
            int[] doc = corpus.get(1);
            for (int end = 0; end <= doc.length; end += 3) { // every kind of prefix of a training document
                contexts.add(Arrays.copyOf(doc, end));
            }
            float[] out = new float[v];
            double maxDiff = 0;
            for (int[] ctx : contexts) {
                model.logits(ctx, ctx.length, out);
                for (int w = 0; w < v; w++) {
                    maxDiff = Math.max(maxDiff, Math.abs(Math.exp(out[w]) - reference.probability(ctx, ctx.length, w)));
                }
            }
            assertTrue(maxDiff < 1e-6, "max |p - p_ref| = " + maxDiff + " at order " + order + " V " + v);
        }
    }

    @Test
    void writeRead_roundTrip_givesIdenticalLogits() throws IOException {
        List<int[]> corpus = randomCorpus(RANDOM_V, 40, 3);
        KneserNeyModel model = KneserNeyModel.train(corpus, RANDOM_V, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes);
        KneserNeyModel plain = KneserNeyModel.read(new ByteArrayInputStream(bytes.toByteArray()));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gz)) {
            model.write(gzip);
        }
        KneserNeyModel gunzipped = KneserNeyModel.read(new ByteArrayInputStream(gz.toByteArray()));
        assertEquals(model.describe(), plain.describe());
        assertEquals(model.describe(), gunzipped.describe());
        float[] expected = new float[RANDOM_V];
        float[] actual = new float[RANDOM_V];
        for (int[] ctx : probeContexts(corpus, RANDOM_V, 3)) {
            model.logits(ctx, ctx.length, expected);
            plain.logits(ctx, ctx.length, actual);
            assertArrayEquals(expected, actual);
            gunzipped.logits(ctx, ctx.length, actual);
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void read_rejectsWrongMagicAndTruncation() throws IOException {
        assertThrows(IOException.class, () -> KneserNeyModel.read(new ByteArrayInputStream("NOPE0000".getBytes())));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KneserNeyModel.train(toyCorpus(), TOY_V, 3).write(bytes);
        byte[] truncated = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 5);
        assertThrows(IOException.class, () -> KneserNeyModel.read(new ByteArrayInputStream(truncated)));
    }

    @Test
    void logits_neverSeenToken_isFinite() {
        KneserNeyModel model = KneserNeyModel.train(toyCorpus(), TOY_V, 3);
        float[] out = new float[TOY_V];
        for (int[] ctx : probeContexts(toyCorpus(), TOY_V, 3)) {
            model.logits(ctx, ctx.length, out);
            for (int w = 20; w < TOY_V; w++) {
                assertTrue(Float.isFinite(out[w]) && out[w] < 0, "token " + w + " logit " + out[w]);
            }
        }
    }

    @Test
    void logits_deterministicContinuation_isAboveHalf() {
        KneserNeyModel model = KneserNeyModel.train(toyCorpus(), TOY_V, 3);
        float[] out = new float[TOY_V];
        model.logits(new int[] {9, 1, 2}, 3, out);
        double p = Math.exp(out[3]);
        assertTrue(p > 0.6, "p(3 | 1 2) = " + p);
        for (int w = 0; w < TOY_V; w++) {
            assertTrue(w == 3 || out[w] < out[3], "token " + w + " beats the certain continuation");
        }
    }

    @Test
    void logits_emptyCorpus_isUniform() {
        KneserNeyModel model = KneserNeyModel.train(List.of(), TOY_V, 3);
        float[] out = new float[TOY_V];
        model.logits(new int[] {1, 2}, 2, out);
        for (float logit : out) {
            assertEquals(-Math.log(TOY_V), logit, 1e-6);
        }
    }

    @Test
    void copy_sharesTablesAndGivesSameLogits() {
        KneserNeyModel model = KneserNeyModel.train(toyCorpus(), TOY_V, 3);
        float[] a = new float[TOY_V];
        float[] b = new float[TOY_V];
        model.logits(new int[] {1, 2}, 2, a);
        model.copy().logits(new int[] {1, 2}, 2, b);
        assertArrayEquals(a, b);
    }

    @Test
    void describe_namesOrderVocabTokensAndHash() {
        KneserNeyModel model = KneserNeyModel.train(toyCorpus(), TOY_V, 3);
        assertTrue(model.describe().matches("kneser-ney order=3 V=50 tokens=47 sha256=[0-9a-f]{16}"), model.describe());
        KneserNeyModel other = KneserNeyModel.train(List.of(new int[] {1, 2, 3}), TOY_V, 3);
        assertTrue(!model.describe().endsWith(other.describe().substring(other.describe().length() - 16)));
    }

    @Test
    void invalidInputs_areRejectedWithFixableMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KneserNeyModel.train(toyCorpus(), TOY_V, 6));
        assertTrue(e.getMessage().contains("order must be in [2, 5], got 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> KneserNeyModel.train(List.of(new int[] {1, TOY_V}), TOY_V, 3));
        KneserNeyModel model = KneserNeyModel.train(toyCorpus(), TOY_V, 3);
        assertThrows(IllegalArgumentException.class, () -> model.logits(new int[] {1, -1}, 2, new float[TOY_V]));
        assertThrows(IllegalArgumentException.class, () -> model.logits(new int[] {1, 2}, 2, new float[TOY_V - 1]));
    }
}
