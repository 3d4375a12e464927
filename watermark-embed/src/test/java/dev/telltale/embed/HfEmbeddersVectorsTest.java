package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.HfKgwParameters;
import dev.telltale.core.HfSynthIdParameters;
import dev.telltale.core.internal.torch.Mt19937;
import dev.telltale.core.internal.torch.TorchRandom;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HF embed steps against transformers' processors as re-run with PyTorch in
 * {@code testdata/scripts/hf_vectors.py}: KGW biased logits bit for bit; SynthID within float32 rounding
 * (torch's float32 softmax and sums run in another order), with the repeated-context steps exact.
 */
class HfEmbeddersVectorsTest {
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = HfEmbeddersVectorsTest.class.getClassLoader().getResourceAsStream("telltale-testdata/vectors/hf.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void kgwProcessors_biasedLogits_matchTransformersBitForBit() {
        JsonNode cases = vectors.path("kgw_processor");
        assertTrue(cases.size() >= 8);
        for (JsonNode c : cases) {
            HfKgwParameters p = new HfKgwParameters(
                    "selfhash".equals(c.path("seeding_scheme").asText()) ? HfKgwParameters.SeedingScheme.SELFHASH
                            : HfKgwParameters.SeedingScheme.LEFTHASH,
                    Long.parseLong(c.path("hashing_key").asText()), c.path("greenlist_ratio").asDouble(), c.path("bias").asDouble(),
                    c.path("context_width").asInt(), c.path("vocab_size").asInt());
            LogitsProcessor e = p.seedingScheme() == HfKgwParameters.SeedingScheme.SELFHASH ? new HfKgwSelfHashEmbedder(p)
                    : new HfKgwLeftHashEmbedder(p);
            int[] ids = ints(c.path("input_ids"));
            float[] logits = floats(c.path("scores"));
            e.process(ids, ids.length, logits);
            float[] expect = floats(c.path("output"));
            for (int v = 0; v < expect.length; v++) {
                assertEquals(Float.floatToIntBits(expect[v]), Float.floatToIntBits(logits[v]), c.path("seeding_scheme").asText()
                        + " V=" + expect.length + " ids=" + c.path("input_ids") + " token " + v + ": " + expect[v] + " vs " + logits[v]);
            }
        }
    }

    @Test
    void synthIdProcessor_overAGeneration_matchesTransformers() {
        for (JsonNode c : vectors.path("synthid_processor")) {
            List<Long> keys = new ArrayList<>();
            c.path("keys").forEach(k -> keys.add(k.asLong()));
            HfSynthIdParameters p = new HfSynthIdParameters(keys, c.path("ngram_len").asInt(), c.path("sampling_table_seed").asLong(),
                    c.path("sampling_table_size").asInt(), c.path("context_history_size").asInt());
            HfSynthIdEmbedder e = new HfSynthIdEmbedder(p);
            int vocab = c.path("vocab").asInt();
            int repeated = 0;
            for (JsonNode call : c.path("calls")) {
                int[] ids = ints(call.path("input_ids"));
                float[] scores;
                if (call.has("scores")) {
                    scores = floats(call.path("scores"));
                } else {
                    scores = TorchRandom.rand(new Mt19937(call.path("scores_rand_seed").asLong()), vocab);
                    float scale = (float) call.path("scores_scale").asDouble();
                    for (int v = 0; v < vocab; v++) {
                        scores[v] *= scale;
                    }
                }
                float[] logits = scores.clone();
                e.process(ids, ids.length, logits);
                String what = "V=" + vocab + " n=" + p.ngramLen() + " history=" + p.contextHistorySize() + " call " + ids.length;
                if (call.path("repeated").asBoolean()) {
                    repeated++;
                    for (int v = 0; v < vocab; v++) {
                        assertEquals(Float.floatToIntBits(scores[v]), Float.floatToIntBits(logits[v]), what + " (repeated: unchanged)");
                    }
                } else if (call.has("output")) {
                    float[] expect = floats(call.path("output"));
                    for (int v = 0; v < vocab; v++) {
                        assertProbabilityClose(expect[v], logits[v], what + " token " + v);
                    }
                } else {
                    JsonNode probe = call.path("output_probe_ids");
                    for (int i = 0; i < probe.size(); i++) {
                        double x = call.path("output_probe").get(i).asDouble();
                        assertProbabilityClose(x, logits[probe.get(i).asInt()], what + " token " + probe.get(i));
                    }
                    double mass = 0;
                    for (float l : logits) {
                        mass += Math.exp(l);
                    }
                    assertEquals(call.path("output_sum_exp").asDouble(), mass, 1e-4, what);
                }
            }
            if (p.contextHistorySize() == 1024 && vocab == 50) {
                assertTrue(repeated > 0, "the vectors include repeated contexts");
            }
        }
    }

    /**
     * Log-probabilities agree to 2e-5 relative in probability, or to 1e-9 absolute for tokens whose
     * probability torch's float32 cannot resolve: after 30 layers the factor 1 − Σ g·p cancels
     * catastrophically in float32 when one token holds almost all the mass (e.g. ln p = −31.9477 in torch
     * vs −31.9484 in double, p ≈ 1.3e-14).
     */
    private static void assertProbabilityClose(double expectLog, double actualLog, String what) {
        double pe = Math.exp(expectLog);
        double pa = Math.exp(actualLog);
        assertTrue(Math.abs(pe - pa) <= 2e-5 * pe + 1e-9, what + ": ln p " + expectLog + " (torch) vs " + actualLog);
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }

    private static float[] floats(JsonNode a) {
        float[] r = new float[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) a.get(i).asDouble();
        }
        return r;
    }
}
