package dev.telltale.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one detection (the detect JSON contract of DESIGN.md §6 and the CLI).
 *
 * @param keyId          public id of the key tested (never the secret)
 * @param scheme         scheme id and parameters, enough to recompute p from (tokensScored, score)
 * @param tokenizer      tokenizer id; {@code tokenizerSha256} pins it exactly
 * @param tokensTotal    tokens in the text
 * @param tokensScored   T: positions with a full window, each (window, token) tuple counted once
 * @param score          the scheme's statistic (kgw: green count S)
 * @param pValue         P(statistic ≥ score | H0), may underflow to 0
 * @param log10PValue    log10 of the exact p-value, always finite
 * @param alpha          significance level of the verdict
 * @param normalization  text normalisation applied before tokenising: the steps' names joined with '+'
 *                       ("nfc" by default; see {@code TextNormalizer#spec})
 */
public record Detection(
        String keyId,
        Map<String, Object> scheme,
        String tokenizer,
        String tokenizerSha256,
        String tokenizerImpl,
        long tokensTotal,
        long tokensScored,
        double score,
        String scoreDefinition,
        double pValue,
        double log10PValue,
        double alpha,
        Verdict verdict,
        String normalization) {

    /** The normalisation steps that ran, in order ({@code ["nfc"]} by default). */
    public List<String> normalizers() {
        return List.of(normalization.split("\\+"));
    }

    /** True for green-list schemes, whose score is a count of green tokens (kgw, unigram, HF KGW modes). */
    public boolean isGreenCount() {
        return scheme.containsKey("gamma") || scheme.containsKey("greenlist_ratio");
    }

    /**
     * What was tested and how, without any result: key id, scheme and parameters, tokenizer (id, SHA-256,
     * implementation) and normalisation. The head of {@link #toJson} and of scan summaries.
     */
    public Map<String, Object> provenanceJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_id", keyId);
        m.put("scheme", scheme.get("id"));
        m.put("scheme_params", scheme);
        m.put("tokenizer", tokenizer);
        m.put("tokenizer_sha256", tokenizerSha256);
        m.put("tokenizer_impl", tokenizerImpl);
        m.put("normalization", normalization);
        return m;
    }

    /**
     * The {@code "pooled"} object of scan summaries (local and Spark): a pooled dataset-level result of
     * {@code documents} documents with the given dedup description, in a stable field order.
     */
    public Map<String, Object> pooledJson(long documents, String dedup) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("supported", true);
        m.put("documents", documents);
        m.put("tokens_total", tokensTotal);
        m.put("tokens_scored", tokensScored);
        m.put("score", score);
        m.put("score_definition", scoreDefinition);
        m.put("p_value", pValue);
        m.put("log10_p_value", log10PValue);
        m.put("verdict", verdict.json());
        m.put("dedup", dedup);
        return m;
    }

    /** Contract JSON fields in a stable order; {@code id} first when given. */
    public Map<String, Object> toJson(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (id != null) {
            m.put("id", id);
        }
        m.putAll(provenanceJson());
        m.put("normalizers", normalizers());
        m.put("tokens_total", tokensTotal);
        m.put("tokens_scored", tokensScored);
        m.put("score", score);
        m.put("score_definition", scoreDefinition);
        m.put("mean_score", tokensScored == 0 ? null : score / tokensScored);
        if (isGreenCount()) {
            m.put("green_fraction", tokensScored == 0 ? null : score / tokensScored);
        }
        m.put("p_value", pValue);
        m.put("log10_p_value", log10PValue);
        m.put("alpha", alpha);
        m.put("verdict", verdict.json());
        return m;
    }
}
