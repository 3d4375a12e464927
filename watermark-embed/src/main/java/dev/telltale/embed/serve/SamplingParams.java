package dev.telltale.embed.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoding parameters of a completions or chat request, validated with OpenAI's names and messages.
 * Parameters the server cannot honour are refused (400) rather than silently ignored when they would change
 * the output (logprobs, echo, suffix, best_of &gt; n, logit_bias, penalties, tools, non-text response formats).
 *
 * @param maxTokens   tokens to generate per choice, in [1, {@link Limits#MAX_TOKENS}]; default 16 for
 *                    completions (OpenAI's), 256 for chat
 * @param temperature in [0, 2]; 0 = greedy (argmax of the watermarked logits)
 * @param topP        nucleus mass in (0, 1]
 * @param topK        vLLM's extension: keep the k most likely tokens; 0 = off (−1 is accepted as off)
 * @param n           choices per prompt, in [1, {@link Limits#MAX_N}]
 * @param seed        makes sampling reproducible on this server; null = fresh randomness
 * @param stop        up to 4 non-empty stop strings (the text ends before the first one)
 * @param stream      server-sent events instead of one JSON body
 * @param includeUsage with {@code stream}: a final chunk with usage ({@code stream_options.include_usage})
 */
record SamplingParams(int maxTokens, double temperature, double topP, int topK, int n, Long seed, List<String> stop,
                      boolean stream, boolean includeUsage) {

    static SamplingParams parse(JsonNode body, String maxTokensField, int defaultMaxTokens) {
        int maxTokens = intParam(body, maxTokensField, defaultMaxTokens, 1, Limits.MAX_TOKENS);
        if (maxTokensField.equals("max_completion_tokens") && !body.hasNonNull("max_completion_tokens")) {
            maxTokens = intParam(body, "max_tokens", defaultMaxTokens, 1, Limits.MAX_TOKENS);
        }
        double temperature = number(body, "temperature", 1.0);
        if (!(temperature >= 0 && temperature <= 2)) {
            throw OpenAiException.badParam("temperature", "temperature must be between 0 and 2, got " + temperature);
        }
        double topP = number(body, "top_p", 1.0);
        if (!(topP > 0 && topP <= 1)) {
            throw OpenAiException.badParam("top_p", "top_p must be in (0, 1], got " + topP);
        }
        int topK = intParam(body, "top_k", 0, -1, Integer.MAX_VALUE);
        int n = intParam(body, "n", 1, 1, Limits.MAX_N);
        Long seed = null;
        if (body.hasNonNull("seed")) {
            JsonNode s = body.get("seed");
            if (!s.isIntegralNumber() || !s.canConvertToLong()) {
                throw OpenAiException.badParam("seed", "seed must be an integer");
            }
            seed = s.asLong();
        }
        boolean stream = bool(body, "stream", false);
        boolean includeUsage = false;
        JsonNode so = body.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) {
                throw OpenAiException.badParam("stream_options", "stream_options must be an object");
            }
            includeUsage = bool(so, "include_usage", false);
        }
        refuseUnsupported(body, n);
        return new SamplingParams(maxTokens, temperature, topP, Math.max(topK, 0), n, seed, stops(body), stream,
                includeUsage);
    }

    private static List<String> stops(JsonNode body) {
        JsonNode s = body.get("stop");
        List<String> out = new ArrayList<>();
        if (s == null || s.isNull()) {
            return out;
        }
        if (s.isTextual()) {
            out.add(s.asText());
        } else if (s.isArray() && s.size() <= 4) {
            for (JsonNode e : s) {
                if (!e.isTextual()) {
                    throw OpenAiException.badParam("stop", "stop must be a string or an array of up to 4 strings");
                }
                out.add(e.asText());
            }
        } else {
            throw OpenAiException.badParam("stop", "stop must be a string or an array of up to 4 strings");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw OpenAiException.badParam("stop", "stop sequences must not be empty");
        }
        return List.copyOf(out);
    }

    private static void refuseUnsupported(JsonNode body, int n) {
        for (String f : new String[] {"logprobs", "top_logprobs"}) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !(v.isBoolean() && !v.asBoolean()) && !(v.isNumber() && v.asInt() == 0)) {
                throw OpenAiException.badParam(f, f + " is not supported by this server");
            }
        }
        if (bool(body, "echo", false)) {
            throw OpenAiException.badParam("echo", "echo is not supported by this server");
        }
        if (body.hasNonNull("suffix")) {
            throw OpenAiException.badParam("suffix", "suffix is not supported by this server");
        }
        if (body.hasNonNull("best_of") && body.get("best_of").asInt() != n) {
            throw OpenAiException.badParam("best_of", "best_of other than n is not supported by this server");
        }
        JsonNode lb = body.get("logit_bias");
        if (lb != null && !lb.isNull() && !(lb.isObject() && lb.isEmpty())) {
            throw OpenAiException.badParam("logit_bias", "logit_bias is not supported by this server");
        }
        for (String f : new String[] {"presence_penalty", "frequency_penalty"}) {
            if (number(body, f, 0.0) != 0.0) {
                throw OpenAiException.badParam(f, f + " is not supported by this server (only 0)");
            }
        }
        for (String f : new String[] {"tools", "functions"}) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !(v.isArray() && v.isEmpty())) {
                throw OpenAiException.badParam(f, f + " are not supported by this server");
            }
        }
        JsonNode rf = body.get("response_format");
        if (rf != null && !rf.isNull() && !"text".equals(rf.path("type").asText("text"))) {
            throw OpenAiException.badParam("response_format", "only response_format {\"type\": \"text\"} is supported");
        }
    }

    static int intParam(JsonNode body, String field, int dflt, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw OpenAiException.badParam(field, field + " must be an integer in [" + min + ", " + max + "], got " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode body, String field, double dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw OpenAiException.badParam(field, field + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode body, String field, boolean dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw OpenAiException.badParam(field, field + " must be a boolean, got " + v);
        }
        return v.asBoolean();
    }
}
