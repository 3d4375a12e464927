package dev.telltale.corpus.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.GumbelParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PooledDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan's pooled test equals {@link PooledDetector} on the same documents (also when its dedup set spills
 * to disk, and for two-long tuple keys), and the output does not depend on the number of worker threads.
 */
class ScanPooledAndThreadsTest {
    @TempDir
    Path dir;

    private static JsonNode run(Detector d, ScanOptions o) throws Exception {
        return Corpora.JSON.valueToTree(CorpusScan.run(d, o, ScanListener.NONE).summary());
    }

    private static PooledDetector reference(Detector d, List<Corpora.Doc> docs) {
        PooledDetector p = new PooledDetector(d);
        docs.forEach(doc -> p.addText(doc.text()));
        return p;
    }

    @Test
    void pooled_equalsPooledDetector_inMemoryAndSpilled() throws Exception {
        WatermarkKey key = Corpora.key();
        Detector d = Corpora.detector(key, 1e-6);
        List<Corpora.Doc> docs = new ArrayList<>(Corpora.brown(0, 120));
        docs.addAll(Corpora.brown(0, 30)); // exact repeats add no evidence
        docs.addAll(Corpora.docs("wm-", Corpora.watermarked(key, 6, 200)));
        Path in = Corpora.jsonl(dir.resolve("c.jsonl"), docs);
        Detection want = reference(d, docs).result();
        JsonNode big = run(d, Corpora.options(dir.resolve("a"), in).build()).path("pooled");
        JsonNode spilled = run(d, Corpora.options(dir.resolve("b"), in).poolMemoryBytes(1 << 20).build()).path("pooled");
        for (JsonNode p : List.of(big, spilled)) {
            assertEquals(want.tokensTotal(), p.path("tokens_total").asLong());
            assertEquals(want.tokensScored(), p.path("tokens_scored").asLong());
            assertEquals(want.score(), p.path("score").asDouble());
            assertEquals(want.log10PValue(), p.path("log10_p_value").asDouble());
            assertEquals(want.verdict().json(), p.path("verdict").asText());
        }
        // 1 MiB holds 131,072 one-long slots, cleared at half load: more distinct tuples than that must spill
        assertTrue(want.tokensScored() > 2 * 65_536, "too few distinct tuples to force a spill: " + want.tokensScored());
    }

    @Test
    void pooled_twoLongKeys_gumbelWithWideWindow_matchesPooledDetector() throws Exception {
        WatermarkKey key = Corpora.key(new GumbelParameters(4), 33); // 5 ids x 18 bits: two-long keys
        Detector d = Corpora.detector(key, 1e-6);
        List<Corpora.Doc> docs = Corpora.brown(200, 40);
        Path in = Corpora.jsonl(dir.resolve("g.jsonl"), docs);
        Detection want = reference(d, docs).result();
        JsonNode p = run(d, Corpora.options(dir.resolve("g"), in).poolMemoryBytes(1 << 20).build()).path("pooled");
        assertEquals(want.tokensScored(), p.path("tokens_scored").asLong());
        assertEquals(want.score(), p.path("score").asDouble(), 1e-9 * want.score()); // sums in another order
        assertEquals(want.log10PValue(), p.path("log10_p_value").asDouble(), 1e-9);
    }

    /**
     * Sequence-scored schemes pool their units (PRF inputs, after per-text masks) with two-long keys: the scan equals
     * {@code PooledDetector} in memory and spilled.
     */
    @Test
    void pooled_sequenceScoredSchemes_matchPooledDetector_inMemoryAndSpilled() throws Exception {
        for (String scheme : List.of("kgw-selfhash", "synthid")) {
            WatermarkKey key = Corpora.key(Schemes.preset(scheme), 34);
            Detector d = Corpora.detector(key, 1e-6);
            List<Corpora.Doc> docs = new ArrayList<>(Corpora.brown(0, 50));
            docs.addAll(Corpora.brown(0, 10)); // exact repeats add no evidence
            docs.addAll(Corpora.docs("wm-", Corpora.watermarked(key, 3, 200)));
            Path in = Corpora.jsonl(dir.resolve(scheme + ".jsonl"), docs);
            Detection want = reference(d, docs).result();
            JsonNode big = run(d, Corpora.options(dir.resolve(scheme + "-a"), in).build()).path("pooled");
            JsonNode spilled = run(d, Corpora.options(dir.resolve(scheme + "-b"), in).poolMemoryBytes(1 << 20).build())
                    .path("pooled");
            for (JsonNode p : List.of(big, spilled)) {
                assertEquals(true, p.path("supported").asBoolean(), p.toString());
                assertEquals(want.tokensTotal(), p.path("tokens_total").asLong());
                assertEquals(want.tokensScored(), p.path("tokens_scored").asLong());
                assertEquals(want.score(), p.path("score").asDouble());
                assertEquals(want.log10PValue(), p.path("log10_p_value").asDouble());
                assertEquals(want.verdict().json(), p.path("verdict").asText());
                assertTrue(p.path("dedup").asText().contains("PRF input"), p.path("dedup").asText());
            }
            // 1 MiB holds 65,536 two-long slots, cleared at half load: more distinct units than that must spill
            assertTrue(want.tokensScored() > 2 * 32_768, scheme + ": too few units to force a spill: " + want.tokensScored());
        }
    }

    @Test
    void oneThreadAndTwoThreads_writeIdenticalResults() throws Exception {
        WatermarkKey key = Corpora.key();
        Detector d = Corpora.detector(key, 1e-6);
        List<Corpora.Doc> docs = new ArrayList<>(Corpora.brown(0, 200));
        docs.addAll(3, Corpora.docs("wm-", Corpora.watermarked(key, 6, 200)));
        Path in = Corpora.jsonl(dir.resolve("c.jsonl"), docs);
        JsonNode one = run(d, Corpora.options(dir.resolve("t1"), in).threads(1).build());
        JsonNode two = run(d, Corpora.options(dir.resolve("t2"), in).threads(2).build());
        assertArrayEquals(Files.readAllBytes(dir.resolve("t1/results.jsonl")), Files.readAllBytes(dir.resolve("t2/results.jsonl")));
        for (JsonNode s : List.of(one, two)) {
            ((ObjectNode) s).remove("run");
            ((ObjectNode) s).remove("results");
            ((ObjectNode) s.path("log10_p_histogram")).remove("png");
        }
        assertEquals(one, two);
        assertEquals(6, one.path("detected_at_alpha").asLong());
        JsonNode f = one.path("watermarked_fraction"); // 200 independent Brown documents + 6 watermarked
        double truth = 6.0 / 206;
        assertTrue(f.path("ci_low").asDouble() <= truth && truth <= f.path("ci_high").asDouble(), f.toString());
    }
}
