package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.internal.torch.HfKgwPrf;
import dev.telltale.core.internal.torch.TorchRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HuggingFace-compatible KGW ({@code hf-kgw-lefthash}, {@code hf-kgw-selfhash}): the green lists of
 * transformers' {@code WatermarkLogitsProcessor} on CPU, bit for bit. A flagged compatibility mode, never
 * the default. Fields are named as HF names them.
 *
 * <p><b>The key's secret is not used.</b> HF's watermark key is the public {@code hashing_key}; anyone who
 * knows it can detect and forge. A Telltale key file still wraps these parameters (key id, tokenizer,
 * created) so that keygen, generate and detect work as for every scheme. Detection uses Telltale's exact
 * binomial tail and dedup, not HF's approximate p-value.
 *
 * @param seedingScheme  HF {@code seeding_scheme}: lefthash (seed from the previous id) or selfhash (the
 *                       candidate seeds its own list; only the top 40 candidates are biased)
 * @param hashingKey     HF {@code hashing_key} (default 15485863), &gt;= 0
 * @param greenlistRatio γ, HF {@code greenlist_ratio} in (0, 1) (default 0.25)
 * @param bias           δ, HF {@code bias} added to green logits (default 2.0), finite and &gt; 0
 * @param contextWidth   HF {@code context_width} (default 1): selfhash windows span this many ids, the
 *                       candidate included; lefthash only requires this many ids of context
 * @param vocabSize      HF {@code vocab_size}: the <em>model config's</em> vocabulary size, which sizes
 *                       the permutation (it can exceed the tokenizer's, e.g. Qwen3: 151,936 vs 151,669)
 *
 * <pre>
 * [1] Kirchenbauer et al. A Watermark for Large Language Models. ICML 2023.
 * [2] transformers, generation/logits_process.py, WatermarkLogitsProcessor.
 * </pre>
 */
public record HfKgwParameters(SeedingScheme seedingScheme, long hashingKey, double greenlistRatio, double bias,
                              int contextWidth, int vocabSize) implements SchemeParameters {
    public static final long DEFAULT_HASHING_KEY = 15485863L;
    public static final double DEFAULT_GREENLIST_RATIO = 0.25;
    public static final double DEFAULT_BIAS = 2.0;
    public static final int DEFAULT_CONTEXT_WIDTH = 1;
    /** Selfhash windows are hashed id by id; keep them short. */
    public static final int MAX_CONTEXT_WIDTH = 16;

    /** HF's {@code seeding_scheme}, with the Telltale scheme id of each. */
    public enum SeedingScheme {
        LEFTHASH("lefthash", "hf-kgw-lefthash"),
        SELFHASH("selfhash", "hf-kgw-selfhash");

        private final String hfName;
        private final String schemeId;

        SeedingScheme(String hfName, String schemeId) {
            this.hfName = hfName;
            this.schemeId = schemeId;
        }

        public String hfName() {
            return hfName;
        }

        public String schemeId() {
            return schemeId;
        }
    }

    public HfKgwParameters {
        if (seedingScheme == null) {
            throw new IllegalArgumentException("seeding_scheme must be lefthash or selfhash");
        }
        if (hashingKey < 0) {
            throw new IllegalArgumentException("hashing_key must be >= 0, got " + hashingKey);
        }
        if (!(greenlistRatio > 0 && greenlistRatio < 1)) {
            throw new IllegalArgumentException("greenlist_ratio must be in (0, 1), got " + greenlistRatio);
        }
        if (!(bias > 0) || Double.isInfinite(bias)) {
            throw new IllegalArgumentException("bias must be a finite number > 0, got " + bias);
        }
        if (contextWidth < 1 || contextWidth > MAX_CONTEXT_WIDTH) {
            throw new IllegalArgumentException("context_width must be in [1, " + MAX_CONTEXT_WIDTH + "], got " + contextWidth);
        }
        if (vocabSize < 2 || vocabSize >= TorchRandom.RANDPERM_LIMIT) {
            throw new IllegalArgumentException("vocab_size must be in [2, " + TorchRandom.RANDPERM_LIMIT + "), got " + vocabSize
                    + "; use the model config's vocab_size");
        }
        if (HfKgwPrf.greenlistSize(vocabSize, greenlistRatio) < 1) {
            throw new IllegalArgumentException("int(vocab_size * greenlist_ratio) must be >= 1; raise greenlist_ratio (got "
                    + greenlistRatio + " with vocab_size " + vocabSize + ")");
        }
    }

    /** Vocabulary of the presets: the built-in {@code qwen3} tokenizer's; keygen uses the key's tokenizer or --vocab-size. */
    public static final int PRESET_VOCAB_SIZE = 151_669;

    /** HF's defaults (γ 0.25, bias 2.0, hashing_key 15485863, context_width 1) for a model vocabulary. */
    public static HfKgwParameters hfDefaults(SeedingScheme scheme, int vocabSize) {
        return new HfKgwParameters(scheme, DEFAULT_HASHING_KEY, DEFAULT_GREENLIST_RATIO, DEFAULT_BIAS,
                DEFAULT_CONTEXT_WIDTH, vocabSize);
    }

    /** {@code int(vocab_size * greenlist_ratio)}. */
    public int greenlistSize() {
        return HfKgwPrf.greenlistSize(vocabSize, greenlistRatio);
    }

    /** The exact null probability that a token is green: greenlist size / vocab size (not γ). */
    public double greenProbability() {
        return (double) greenlistSize() / vocabSize;
    }

    /** The green-list function these parameters define. */
    public HfKgwPrf prf() {
        return new HfKgwPrf(seedingScheme == SeedingScheme.SELFHASH, hashingKey, vocabSize, greenlistRatio, contextWidth);
    }

    @Override
    public String schemeId() {
        return seedingScheme.schemeId();
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", schemeId());
        m.put("compat", "transformers WatermarkLogitsProcessor, CPU generator");
        m.put("secret_used", false);
        m.put("seeding_scheme", seedingScheme.hfName());
        m.put("hashing_key", hashingKey);
        m.put("greenlist_ratio", greenlistRatio);
        m.put("bias", bias);
        m.put("context_width", contextWidth);
        m.put("vocab_size", vocabSize);
        return m;
    }

    static HfKgwParameters fromJson(JsonNode n, SeedingScheme expected) {
        String s = n.path("seeding_scheme").asText(expected.hfName());
        if (!expected.hfName().equals(s)) {
            throw new IllegalArgumentException("scheme " + expected.schemeId() + " needs seeding_scheme '" + expected.hfName()
                    + "', got '" + s + "'");
        }
        return new HfKgwParameters(expected, HfJson.integer(n, "hashing_key"), Schemes.number(n, "greenlist_ratio"),
                Schemes.number(n, "bias"), (int) HfJson.integer(n, "context_width"), (int) HfJson.integer(n, "vocab_size"));
    }

    /** Registered through {@code META-INF/services}: {@code hf-kgw-lefthash}. */
    public static final class LeftHashProvider implements SchemeProvider {
        @Override
        public String schemeId() {
            return SeedingScheme.LEFTHASH.schemeId();
        }

        @Override
        public SchemeParameters fromJson(JsonNode node) {
            return HfKgwParameters.fromJson(node, SeedingScheme.LEFTHASH);
        }

        @Override
        public SchemeParameters defaults() {
            return hfDefaults(SeedingScheme.LEFTHASH, PRESET_VOCAB_SIZE);
        }
    }

    /** Registered through {@code META-INF/services}: {@code hf-kgw-selfhash}. */
    public static final class SelfHashProvider implements SchemeProvider {
        @Override
        public String schemeId() {
            return SeedingScheme.SELFHASH.schemeId();
        }

        @Override
        public SchemeParameters fromJson(JsonNode node) {
            return HfKgwParameters.fromJson(node, SeedingScheme.SELFHASH);
        }

        @Override
        public SchemeParameters defaults() {
            return hfDefaults(SeedingScheme.SELFHASH, PRESET_VOCAB_SIZE);
        }
    }
}
