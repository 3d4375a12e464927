package dev.telltale.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.internal.torch.SynthIdG;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HuggingFace-compatible SynthID-Text ({@code hf-synthid}): the g-values, tournament update and
 * repeated-context rule of transformers' {@code SynthIDTextWatermarkLogitsProcessor} on CPU. A flagged
 * compatibility mode, never the default. Fields are named as HF names them.
 *
 * <p><b>The key's secret is not used.</b> HF's watermark key is the {@code keys} list (the defaults here
 * are the public reference keys published with synthid-text; choose your own). A Telltale key file still
 * wraps these parameters so that keygen, generate and detect work as for every scheme. Detection scores
 * the mean g-value with the exact Binomial(T·depth, ½) tail (not HF's trained Bayesian detector).
 *
 * @param keys               HF {@code keys}: one per tournament layer (depth m = keys.size(), 1..64)
 * @param ngramLen           HF {@code ngram_len} (default 5): the context is the previous ngram_len − 1 ids
 * @param samplingTableSeed  HF {@code sampling_table_seed} (default 0), &gt;= 0
 * @param samplingTableSize  HF {@code sampling_table_size} (default 2^16)
 * @param contextHistorySize HF {@code context_history_size} (default 1024): a context whose hash is among
 *                           the last this-many context hashes is neither watermarked nor scored
 *
 * <pre>
 * [1] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 634 (2024).
 * [2] transformers, generation/logits_process.py, SynthIDTextWatermarkLogitsProcessor.
 * </pre>
 */
public record HfSynthIdParameters(List<Long> keys, int ngramLen, long samplingTableSeed, int samplingTableSize,
                                  int contextHistorySize) implements SchemeParameters {
    public static final String ID = "hf-synthid";
    /** The 30 public reference keys of synthid-text and MarkLLM's default configuration. */
    public static final List<Long> DEFAULT_KEYS = List.of(654L, 400L, 836L, 123L, 340L, 443L, 597L, 160L, 57L, 29L,
            590L, 639L, 13L, 715L, 468L, 990L, 966L, 226L, 324L, 585L, 118L, 504L, 421L, 521L, 129L, 669L, 732L, 225L,
            90L, 960L);
    public static final int DEFAULT_NGRAM_LEN = 5;
    public static final long DEFAULT_SAMPLING_TABLE_SEED = 0;
    public static final int DEFAULT_SAMPLING_TABLE_SIZE = 1 << 16;
    public static final int DEFAULT_CONTEXT_HISTORY_SIZE = 1024;
    public static final int MAX_NGRAM_LEN = 32;

    public HfSynthIdParameters {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || keys.size() > 64) {
            throw new IllegalArgumentException("keys must hold 1 to 64 integers (one per layer), got " + keys.size());
        }
        if (ngramLen < 2 || ngramLen > MAX_NGRAM_LEN) {
            throw new IllegalArgumentException("ngram_len must be in [2, " + MAX_NGRAM_LEN + "], got " + ngramLen);
        }
        if (samplingTableSeed < 0) {
            throw new IllegalArgumentException("sampling_table_seed must be >= 0, got " + samplingTableSeed);
        }
        if (samplingTableSize < 2 || samplingTableSize > (1 << 24)) {
            throw new IllegalArgumentException("sampling_table_size must be in [2, 2^24], got " + samplingTableSize);
        }
        if (contextHistorySize < 1 || contextHistorySize > (1 << 20)) {
            throw new IllegalArgumentException("context_history_size must be in [1, 2^20], got " + contextHistorySize);
        }
    }

    /** HF's defaults with the reference keys. */
    public static HfSynthIdParameters hfDefaults() {
        return new HfSynthIdParameters(DEFAULT_KEYS, DEFAULT_NGRAM_LEN, DEFAULT_SAMPLING_TABLE_SEED,
                DEFAULT_SAMPLING_TABLE_SIZE, DEFAULT_CONTEXT_HISTORY_SIZE);
    }

    /** Tournament depth m (number of layers). */
    public int depth() {
        return keys.size();
    }

    /** ngram_len − 1 context ids precede each scored token. */
    @Override
    public int contextWidth() {
        return ngramLen - 1;
    }

    /** The g-value function these parameters define (builds the sampling table). */
    public SynthIdG gValues() {
        return new SynthIdG(keys, samplingTableSeed, samplingTableSize);
    }

    @Override
    public String schemeId() {
        return ID;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ID);
        m.put("compat", "transformers SynthIDTextWatermarkLogitsProcessor, CPU generator");
        m.put("secret_used", false);
        m.put("keys", keys);
        m.put("ngram_len", ngramLen);
        m.put("sampling_table_seed", samplingTableSeed);
        m.put("sampling_table_size", samplingTableSize);
        m.put("context_history_size", contextHistorySize);
        return m;
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public String schemeId() {
            return ID;
        }

        @Override
        public SchemeParameters fromJson(JsonNode n) {
            JsonNode k = n.get("keys");
            if (k == null || !k.isArray()) {
                throw new IllegalArgumentException("scheme field 'keys' is missing or not an array of integers");
            }
            List<Long> keys = new ArrayList<>();
            for (JsonNode e : k) {
                if (!e.isIntegralNumber() || !e.canConvertToLong()) {
                    throw new IllegalArgumentException("scheme field 'keys' must hold 64-bit integers, got " + e);
                }
                keys.add(e.asLong());
            }
            return new HfSynthIdParameters(keys, (int) HfJson.integer(n, "ngram_len"), HfJson.integer(n, "sampling_table_seed"),
                    (int) HfJson.integer(n, "sampling_table_size"), (int) HfJson.integer(n, "context_history_size"));
        }

        @Override
        public SchemeParameters defaults() {
            return hfDefaults();
        }
    }
}
