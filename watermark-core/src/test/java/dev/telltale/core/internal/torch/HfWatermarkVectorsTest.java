package dev.telltale.core.internal.torch;

import static dev.telltale.core.internal.torch.HfVectors.checksum;
import static dev.telltale.core.internal.torch.HfVectors.ints;
import static dev.telltale.core.internal.torch.HfVectors.signed;
import static dev.telltale.core.internal.torch.HfVectors.unsigned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.HfSynthIdParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HF green lists (lefthash, selfhash) and SynthID hashes, tables, g-values and masks against the values
 * PyTorch computed in {@code testdata/scripts/hf_vectors.py}: every one must match exactly.
 */
class HfWatermarkVectorsTest {
    private final Map<String, HfKgwPrf> prfs = new HashMap<>();

    private HfKgwPrf prf(boolean self, JsonNode c, int cw) {
        String k = self + "/" + c.path("hashing_key").asText() + "/" + c.path("vocab_size").asInt() + "/"
                + c.path("greenlist_ratio").asDouble() + "/" + cw;
        return prfs.computeIfAbsent(k, x -> new HfKgwPrf(self, Long.parseLong(c.path("hashing_key").asText()),
                c.path("vocab_size").asInt(), c.path("greenlist_ratio").asDouble(), cw));
    }

    @Test
    void lefthash_seedsGreenListsAndMembership_matchTorch() {
        JsonNode cases = HfVectors.get().path("lefthash");
        assertTrue(cases.size() >= 100);
        Mt19937 rng = new Mt19937(0);
        for (JsonNode c : cases) {
            HfKgwPrf p = prf(false, c, 1);
            String what = "lefthash " + c;
            long seed = p.leftHashSeed(c.path("prev").asInt());
            assertEquals(unsigned(c.path("seed")), seed, what);
            assertEquals(c.path("greenlist_size").asInt(), p.greenlistSize());
            int[] green = new int[p.greenlistSize()];
            p.greenlist(seed, rng, new RandpermPrefix(p.vocabSize()), green);
            JsonNode g = c.path("green");
            assertEquals(unsigned(g.path("checksum")), checksum(green), what);
            JsonNode head = g.has("values") ? g.path("values") : g.path("prefix");
            assertArrayEquals(ints(head), Arrays.copyOf(green, head.size()), what);
            if (g.has("suffix")) {
                int[] suffix = ints(g.path("suffix"));
                assertArrayEquals(suffix, Arrays.copyOfRange(green, green.length - suffix.length, green.length), what);
            }
            for (JsonNode probe : c.path("probes")) {
                assertEquals(probe.get(1).asBoolean(), p.isGreen(seed, probe.get(0).asInt(), rng), what + " probe " + probe);
            }
        }
    }

    @Test
    void lefthash_anchors_matchTheResearchNotes() {
        HfKgwPrf p = new HfKgwPrf(false, 15485863L, 32000, 0.25, 1);
        int[] green = new int[p.greenlistSize()];
        p.greenlist(p.leftHashSeed(1), new Mt19937(0), new RandpermPrefix(32000), green);
        assertArrayEquals(new int[] {958, 17083, 30553, 27350, 1329, 24091, 15003, 13468, 26903, 2862}, Arrays.copyOf(green, 10));
        HfKgwPrf small = new HfKgwPrf(false, 15485863L, 20, 0.25, 1); // transformers' own test: token 1 green after 10
        int[] g20 = new int[5];
        small.greenlist(small.leftHashSeed(10), new Mt19937(0), new RandpermPrefix(20), g20);
        assertArrayEquals(new int[] {15, 9, 4, 12, 1}, g20);
    }

    @Test
    void selfhash_tables_matchTorch() {
        for (JsonNode c : HfVectors.get().path("selfhash_tables")) {
            HfKgwPrf p = new HfKgwPrf(true, Long.parseLong(c.path("hashing_key").asText()), 100, 0.25, 1);
            int[] table = new int[HfKgwPrf.TABLE_SIZE];
            for (int i = 0; i < table.length; i++) {
                table[i] = p.tableEntry(i);
            }
            assertEquals(unsigned(c.path("checksum")), checksum(table), "table of key " + c.path("hashing_key").asText());
            assertArrayEquals(ints(c.path("prefix")), Arrays.copyOf(table, c.path("prefix").size()));
        }
        HfKgwPrf hf = new HfKgwPrf(true, 15485863L, 100, 0.25, 1);
        int[] eight = new int[8];
        for (int i = 0; i < 8; i++) {
            eight[i] = hf.tableEntry(i);
        }
        assertArrayEquals(new int[] {138280, 994103, 467886, 915329, 149437, 806681, 915993, 784932}, eight);
    }

    @Test
    void selfhash_seedsAndCandidateDecisions_matchTorch() {
        JsonNode cases = HfVectors.get().path("selfhash");
        assertTrue(cases.size() >= 100);
        Mt19937 rng = new Mt19937(0);
        int greens = 0;
        int negativeRaw = 0;
        for (JsonNode c : cases) {
            int cw = c.path("context_width").asInt();
            HfKgwPrf p = prf(true, c, cw);
            int[] w = ints(c.path("window"));
            String what = "selfhash " + c;
            long raw = p.selfHashRawSeed(w, 0, w.length);
            assertEquals(signed(c.path("raw_seed")), raw, what);
            long seed = p.windowSeed(w, 0, w.length);
            assertEquals(unsigned(c.path("seed")), seed, what);
            assertEquals(seed, p.candidateSeed(Arrays.copyOf(w, w.length - 1), w.length - 1, w[w.length - 1]), what);
            assertEquals(seed, p.seedAt(w, w.length - 1), what);
            boolean green = c.path("candidate_green").asBoolean();
            assertEquals(green, p.isGreen(seed, w[w.length - 1], rng), what);
            greens += green ? 1 : 0;
            negativeRaw += raw < 0 ? 1 : 0;
        }
        assertTrue(greens > 0 && greens < cases.size() && negativeRaw > 0);
    }

    @Test
    void synthid_samplingTables_matchTorch() {
        for (JsonNode c : HfVectors.get().path("synthid_tables")) {
            int size = c.path("size").asInt();
            byte[] t = SynthIdG.samplingTable(unsigned(c.path("seed")), size);
            int[] ti = new int[size];
            int ones = 0;
            for (int i = 0; i < size; i++) {
                ti[i] = t[i];
                ones += t[i];
            }
            assertEquals(c.path("ones").asInt(), ones);
            assertEquals(unsigned(c.path("checksum")), checksum(ti));
            assertArrayEquals(ints(c.path("prefix")), Arrays.copyOf(ti, c.path("prefix").size()));
        }
        byte[] t0 = SynthIdG.samplingTable(0, 65536);
        int[] first = new int[32];
        for (int i = 0; i < 32; i++) {
            first[i] = t0[i];
        }
        assertArrayEquals(new int[] {0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0}, first);
    }

    @Test
    void synthid_accumulateHash_matchesTorchInt64() {
        for (JsonNode c : HfVectors.get().path("accumulate_hash")) {
            int[] data = ints(c.path("data"));
            assertEquals(signed(c.path("result")), SynthIdG.accumulate(signed(c.path("h")), data, 0, data.length), c.toString());
        }
        long h = SynthIdG.accumulate(1, new int[] {1, 2, 3, 4}, 0, 4);
        assertEquals(8268566681299659399L, h);
        long t = SynthIdG.accumulate(h, 5);
        assertEquals(908986556401970845L, t);
        assertEquals(-5937484272499508848L, SynthIdG.accumulate(t, 654));
        assertEquals(47504, Math.floorMod(-5937484272499508848L, 65536L));
    }

    @Test
    void synthid_gValues_matchTorch_forDefaultAndCustomKeys() {
        for (JsonNode c : HfVectors.get().path("synthid_g")) {
            List<Long> keys = longList(c.path("keys"));
            SynthIdG g = new SynthIdG(keys, 0, 65536);
            int[] ng = ints(c.path("ngram"));
            long u = SynthIdG.accumulate(SynthIdG.contextHash(ng, 0, ng.length - 1), ng[ng.length - 1]);
            long pattern = g.pattern(u);
            int[] gv = new int[keys.size()];
            for (int l = 0; l < gv.length; l++) {
                gv[l] = (int) (pattern >>> l & 1);
                assertEquals(signed(c.path("layer_keys").get(l)), g.layerKey(u, l), c.toString());
            }
            assertArrayEquals(ints(c.path("g")), gv, "ngram " + c.path("ngram"));
        }
        SynthIdG g = HfSynthIdParameters.hfDefaults().gValues();
        long u = SynthIdG.accumulate(SynthIdG.contextHash(new int[] {1, 2, 3, 4}, 0, 4), 5);
        int[] expect = {0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1};
        for (int l = 0; l < 30; l++) {
            assertEquals(expect[l], (int) (g.pattern(u) >>> l & 1), "layer " + l);
        }
    }

    @Test
    void synthid_gValuesAndRepeatedContextMask_overSequences_matchTorch() {
        for (JsonNode c : HfVectors.get().path("synthid_sequences")) {
            int[] ids = ints(c.path("ids"));
            int n = c.path("ngram_len").asInt();
            SynthIdG g = new SynthIdG(longList(c.path("keys")), 0, 65536);
            ContextHistory history = new ContextHistory(c.path("context_history_size").asInt());
            List<Boolean> mask = new ArrayList<>();
            for (int t = n - 1; t < ids.length; t++) {
                long ctx = SynthIdG.contextHash(ids, t - n + 1, t);
                long pattern = g.pattern(SynthIdG.accumulate(ctx, ids[t]));
                JsonNode row = c.path("g").get(t - n + 1);
                for (int l = 0; l < g.depth(); l++) {
                    assertEquals(row.get(l).asInt(), (int) (pattern >>> l & 1), "position " + t + " layer " + l);
                }
                mask.add(!history.checkAndPush(ctx));
            }
            List<Boolean> expect = new ArrayList<>();
            c.path("mask").forEach(b -> expect.add(b.asBoolean()));
            assertEquals(expect, mask, "mask, ngram_len " + n + ", history " + c.path("context_history_size").asInt());
        }
    }

    /**
     * With a 2^16 table only the low 16 bits of every id matter, so ids 2^16 apart collide (the reason the
     * detector deduplicates on the residue, not on the ids).
     */
    @Test
    void synthid_idsTwoToTheSixteenApart_haveEqualGValues() {
        SynthIdG g = HfSynthIdParameters.hfDefaults().gValues();
        long a = SynthIdG.accumulate(SynthIdG.contextHash(new int[] {151668, 3, 70000, 4}, 0, 4), 5);
        long b = SynthIdG.accumulate(SynthIdG.contextHash(new int[] {20596, 3, 4464, 4}, 0, 4), 5);
        assertEquals(g.pattern(a), g.pattern(b));
        assertEquals(g.dedupKey(a), g.dedupKey(b));
    }

    private static List<Long> longList(JsonNode arr) {
        List<Long> r = new ArrayList<>();
        arr.forEach(x -> r.add(x.asLong()));
        return r;
    }
}
