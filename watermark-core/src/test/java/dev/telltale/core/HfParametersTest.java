package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HF-compatible parameter records: HF names, exact integers, validation, key-file round trips. */
class HfParametersTest {
    private static final TokenizerRef TOK = new TokenizerRef("qwen3", "0".repeat(64), 151669);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hfModes_areRegistered_andNeverTheDefault() {
        assertTrue(Schemes.ids().containsAll(List.of("hf-kgw-lefthash", "hf-kgw-selfhash", "hf-synthid")));
        assertFalse(Schemes.KGW_V1.schemeId().startsWith("hf-"));
    }

    @Test
    void schemeJson_usesHfNames_andSaysTheSecretIsUnused() {
        Map<String, Object> m = HfKgwParameters.hfDefaults(HfKgwParameters.SeedingScheme.SELFHASH, 151936).toJson();
        assertEquals("hf-kgw-selfhash", m.get("id"));
        assertEquals(false, m.get("secret_used"));
        for (String f : List.of("seeding_scheme", "hashing_key", "greenlist_ratio", "bias", "context_width", "vocab_size")) {
            assertTrue(m.containsKey(f), f);
        }
        Map<String, Object> s = HfSynthIdParameters.hfDefaults().toJson();
        assertEquals(false, s.get("secret_used"));
        for (String f : List.of("keys", "ngram_len", "sampling_table_seed", "sampling_table_size", "context_history_size")) {
            assertTrue(s.containsKey(f), f);
        }
        assertEquals(30, HfSynthIdParameters.hfDefaults().depth());
    }

    @Test
    void keyFile_roundTrip_keepsLargeHashingKeysExactly(@TempDir Path dir) throws Exception {
        HfKgwParameters kgw = new HfKgwParameters(HfKgwParameters.SeedingScheme.LEFTHASH, 6364136223846793005L, 0.5, 1.5, 1, 32000);
        HfSynthIdParameters synth = new HfSynthIdParameters(List.of(1L, 2L, 9007199254740993L), 3, 7, 4096, 16);
        for (SchemeParameters p : List.<SchemeParameters>of(kgw, synth)) {
            WatermarkKey key = WatermarkKey.generate(p, TOK, new SecureRandom());
            Path f = dir.resolve(p.schemeId() + ".json");
            KeyFiles.writeInsecurePlaintext(key, f);
            WatermarkKey back = KeyFiles.read(f, () -> new char[0]);
            assertEquals(p, back.scheme());
            assertEquals(key, back);
            assertTrue(Files.readString(f).contains("\"secret_used\" : false"));
        }
    }

    @Test
    void invalidParameters_sayHowToFixThem() {
        var left = HfKgwParameters.SeedingScheme.LEFTHASH;
        assertMessage("greenlist_ratio must be in (0, 1)", () -> new HfKgwParameters(left, 1, 1.5, 2, 1, 100));
        assertMessage("hashing_key must be >= 0", () -> new HfKgwParameters(left, -1, 0.25, 2, 1, 100));
        assertMessage("int(vocab_size * greenlist_ratio) must be >= 1", () -> new HfKgwParameters(left, 1, 0.25, 2, 1, 3));
        assertMessage("model config's vocab_size", () -> new HfKgwParameters(left, 1, 0.25, 2, 1, 1));
        assertMessage("bias must be a finite number > 0", () -> new HfKgwParameters(left, 1, 0.25, 0, 1, 100));
        assertMessage("ngram_len must be in [2", () -> new HfSynthIdParameters(List.of(1L), 1, 0, 65536, 1024));
        assertMessage("keys must hold 1 to 64", () -> new HfSynthIdParameters(List.of(), 5, 0, 65536, 1024));
        assertMessage("seeding_scheme 'selfhash'", () -> Schemes.fromJson(JSON.valueToTree(Map.of("id", "hf-kgw-selfhash",
                "seeding_scheme", "lefthash", "hashing_key", 1, "greenlist_ratio", 0.25, "bias", 2.0, "context_width", 1,
                "vocab_size", 100))));
        assertMessage("64-bit integer", () -> Schemes.fromJson(JSON.valueToTree(Map.of("id", "hf-kgw-lefthash",
                "hashing_key", 1.5, "greenlist_ratio", 0.25, "bias", 2.0, "context_width", 1, "vocab_size", 100))));
    }

    @Test
    void greenProbability_isTheExactListFraction_notGamma() {
        HfKgwParameters p = HfKgwParameters.hfDefaults(HfKgwParameters.SeedingScheme.LEFTHASH, 151669);
        assertEquals(37917, p.greenlistSize());
        assertEquals(37917.0 / 151669, p.greenProbability(), 0.0);
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
