package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SynthID-Text [1] on tt1: non-distortionary two-way tournament sampling over m g-value layers.
 *
 * <p>g-values: {@code g_l(v) = bit l of u(s, v)} for l = 0..m−1 (bit 0 = least significant), with s the
 * context seed over the last h tokens. The tournament's output distribution is computed in closed form
 * layer by layer (layer 0 first), see {@code SynthIdEmbedder}. A context window already seen earlier in the
 * sequence (prompt included) is masked: no watermark when embedding, not scored when detecting. The score
 * of a text is the total of g-values over scored positions and layers; under H0 it is Binomial(T·m, ½).
 *
 * @param layers       m, the number of tournament layers, in [1, 64] (default 30, as in [1])
 * @param contextWidth h, tokens seeding the g-values, in [1, 6] (default 4, the n-gram length 5 of [1])
 *
 * <pre>
 * [1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 634,
 *     818-823 (2024): tournament sampling, repeated-context masking, mean score.
 * </pre>
 */
public record SynthIdParameters(int layers, int contextWidth) implements SchemeParameters {
    public static final String ID = "synthid";
    public static final int MAX_LAYERS = 64;
    /** A masked window of h ids plus the token must fit the 126-bit dedup key for vocabularies up to 2^18. */
    public static final int MAX_CONTEXT_WIDTH = 6;

    public SynthIdParameters {
        if (layers < 1 || layers > MAX_LAYERS) {
            throw new IllegalArgumentException("layers must be in [1, " + MAX_LAYERS
                    + "] (one g-value per bit of the 64-bit PRF value), got " + layers);
        }
        if (contextWidth < 1 || contextWidth > MAX_CONTEXT_WIDTH) {
            throw new IllegalArgumentException("context width must be in [1, " + MAX_CONTEXT_WIDTH + "] for " + ID
                    + ", got " + contextWidth);
        }
    }

    @Override
    public String schemeId() {
        return ID;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ID);
        m.put("layers", layers);
        m.put("context_width", contextWidth);
        return m;
    }

    /** The low {@code layers} bits set: {@code u & mask} are the g-values of one candidate. */
    public long gMask() {
        return layers == 64 ? -1L : (1L << layers) - 1;
    }

    /** Σ_l g_l(v) for the candidate with PRF value u. */
    public int gSum(long u) {
        return Long.bitCount(u & gMask());
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public String schemeId() {
            return ID;
        }

        @Override
        public SchemeParameters fromJson(JsonNode n) {
            return new SynthIdParameters(SchemeFields.integer(n, "layers"), SchemeFields.integer(n, "context_width"));
        }

        @Override
        public SchemeParameters defaults() {
            return Schemes.SYNTHID_V1;
        }
    }
}
