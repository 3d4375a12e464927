package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parameters of the native schemes: presets, key-file round trip, validation messages that say what to fix. */
class SchemeParametersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void presets_roundTripThroughTheKeyFileJson() {
        for (SchemeParameters p : List.of(Schemes.KGW_V1, Schemes.UNIGRAM_V1, Schemes.KGW_SELFHASH_V1, Schemes.GUMBEL_V1,
                Schemes.SYNTHID_V1)) {
            assertTrue(Schemes.ids().contains(p.schemeId()), p.schemeId() + " is registered");
            assertEquals(p, Schemes.fromJson(JSON.valueToTree(p.toJson())));
            assertEquals(p, Schemes.preset(p.schemeId()));
        }
    }

    @Test
    void presets_haveTheDocumentedDefaults() {
        assertEquals(new UnigramParameters(0.25, 2.0), Schemes.UNIGRAM_V1);
        assertEquals(0, Schemes.UNIGRAM_V1.contextWidth());
        assertEquals(new KgwSelfHashParameters(0.25, 2.0, 3), Schemes.KGW_SELFHASH_V1);
        assertEquals(4, Schemes.GUMBEL_V1.contextWidth());
        assertEquals(30, Schemes.SYNTHID_V1.layers());
        assertEquals(4, Schemes.SYNTHID_V1.contextWidth());
    }

    @Test
    void optionNames_areTheFieldsEachSchemeHas() {
        assertEquals(Set.of("gamma", "delta", "context_width"), Schemes.optionNames("kgw"));
        assertEquals(Set.of("gamma", "delta"), Schemes.optionNames("unigram"));
        assertEquals(Set.of("gamma", "delta", "context_width"), Schemes.optionNames("kgw-selfhash"));
        assertEquals(Set.of("context_width"), Schemes.optionNames("gumbel"));
        assertEquals(Set.of("layers", "context_width"), Schemes.optionNames("synthid"));
    }

    @Test
    void withOptions_replacesFields_andRejectsFieldsTheSchemeDoesNotHave() {
        assertEquals(new SynthIdParameters(20, 3), Schemes.withOptions("synthid", Map.of("layers", 20, "context_width", 3)));
        assertEquals(new UnigramParameters(0.5, 2.0), Schemes.withOptions("unigram", Map.of("gamma", 0.5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schemes.withOptions("gumbel", Map.of("delta", 2.0)));
        assertTrue(e.getMessage().contains("delta") && e.getMessage().contains("context_width"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schemes.withOptions("unigram", Map.of("context_width", 2)));
        assertTrue(e.getMessage().contains("context_width") && e.getMessage().contains("gamma"), e.getMessage());
    }

    @Test
    void invalidValues_areRejectedWithFixableMessages() {
        assertMessage(() -> new UnigramParameters(1.5, 2), "gamma", "1.5");
        assertMessage(() -> new UnigramParameters(0.5, -1), "delta", "-1");
        assertMessage(() -> new KgwSelfHashParameters(0.25, 2, 0), "context width", "0");
        assertMessage(() -> new KgwSelfHashParameters(0.25, 2, 9), "context width", "9");
        assertMessage(() -> new GumbelParameters(0), "context width", "[1, 6]");
        assertMessage(() -> new GumbelParameters(7), "context width", "7");
        assertMessage(() -> new SynthIdParameters(0, 4), "layers", "[1, 64]");
        assertMessage(() -> new SynthIdParameters(65, 4), "layers", "65");
        assertMessage(() -> new SynthIdParameters(30, 0), "context width", "0");
        assertMessage(() -> Schemes.withOptions("synthid", Map.of("layers", 2.5)), "layers", "integer");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        for (String part : parts) {
            assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' should mention " + part);
        }
    }

    @Test
    void selfHash_seedIsTheUnsignedMinimum_andTheCandidateCanAnchorItself() {
        assertEquals(5L, KgwSelfHash.seed(-1L, 5L));
        assertEquals(5L, KgwSelfHash.seed(5L, -1L)); // -1 is 2^64 - 1 unsigned, the largest
        assertEquals(0x7FFFFFFFFFFFFFFFL, KgwSelfHash.seed(0x8000000000000000L, 0x7FFFFFFFFFFFFFFFL));
    }
}
