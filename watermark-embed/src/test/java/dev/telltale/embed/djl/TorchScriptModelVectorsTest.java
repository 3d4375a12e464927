package dev.telltale.embed.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed TorchScript LM run through DJL (libtorch 2.7.1) gives PyTorch's logits (Debian torch 1.13,
 * {@code testdata/scripts/make_torchscript_lm.py}) to within 1e-4 at every checked position: the 50 largest,
 * every 757th id, the sum, and the whole vector at two positions. The contexts cover every length from the
 * empty context (BOS only) to past the 64-token window, and ids outside the model's kept vocabulary.
 */
class TorchScriptModelVectorsTest {
    private static JsonNode vectors;
    private static TorchScriptModel model;

    @BeforeAll
    static void load() throws Exception {
        vectors = new ObjectMapper().readTree(Files.readAllBytes(TestModels.vectors()));
        model = TorchScriptModel.load(TestModels.tinyModelDir());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void logits_matchPyTorchWithin1e4_atEveryCheckedPosition() throws Exception {
        double tol = vectors.path("tolerance_max_abs").asDouble();
        assertEquals(1e-4, tol);
        int v = vectors.path("vocab_size").asInt();
        int stride = vectors.path("stride").asInt();
        assertEquals(v, model.vocabSize());
        assertEquals(vectors.path("context_length").asInt(), model.spec().contextLength());
        float[] out = new float[v];
        double maxDiff = 0;
        int positions = 0;
        int fullVectors = 0;
        for (JsonNode c : vectors.path("contexts")) {
            int[] ctx = ints(c.path("context"));
            for (JsonNode p : c.path("positions")) {
                int n = p.path("length").asInt();
                model.logits(ctx, n, out);
                String where = c.path("name").asText() + " length " + n;
                JsonNode topIds = p.path("top_ids");
                JsonNode topLogits = p.path("top_logits");
                assertEquals(vectors.path("top").asInt(), topIds.size());
                for (int i = 0; i < topIds.size(); i++) {
                    maxDiff = Math.max(maxDiff, check(out[topIds.get(i).asInt()], topLogits.get(i).asDouble(), tol, where));
                }
                float max = Float.NEGATIVE_INFINITY;
                for (float x : out) {
                    max = Math.max(max, x);
                }
                check(max, topLogits.get(0).asDouble(), tol, where + " (maximum)");
                JsonNode strided = p.path("stride_logits");
                assertEquals((v + stride - 1) / stride, strided.size());
                for (int k = 0; k < strided.size(); k++) {
                    maxDiff = Math.max(maxDiff, check(out[k * stride], strided.get(k).asDouble(), tol, where));
                }
                double sum = 0;
                for (float x : out) {
                    sum += x;
                }
                check(sum, p.path("sum").asDouble(), tol * v, where + " (sum)");
                if (p.has("full_logits_f32le_zlib_base64")) {
                    float[] ref = inflate(p.path("full_logits_f32le_zlib_base64").asText(), v);
                    for (int i = 0; i < v; i++) {
                        maxDiff = Math.max(maxDiff, check(out[i], ref[i], tol, where + " id " + i));
                    }
                    fullVectors++;
                }
                positions++;
            }
        }
        System.out.printf("TorchScript LM through DJL: %d positions, %d full vectors, max |logit diff| = %.3g%n",
                positions, fullVectors, maxDiff);
        assertTrue(positions >= 80, "too few positions checked: " + positions);
        assertEquals(2, fullVectors);
    }

    private static double check(double actual, double expected, double tol, String where) {
        double d = Math.abs(actual - expected);
        if (!(d <= tol)) {
            throw new AssertionError(where + ": DJL " + actual + " vs PyTorch " + expected + " (|diff| " + d + " > " + tol + ")");
        }
        return d;
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }

    private static float[] inflate(String b64, int v) throws DataFormatException {
        Inflater inf = new Inflater();
        inf.setInput(Base64.getDecoder().decode(b64));
        byte[] raw = new byte[v * Float.BYTES];
        int n = 0;
        while (n < raw.length && !inf.finished()) {
            n += inf.inflate(raw, n, raw.length - n);
        }
        inf.end();
        assertEquals(raw.length, n, "full logits vector has the wrong length");
        float[] r = new float[v];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(r);
        return r;
    }
}
