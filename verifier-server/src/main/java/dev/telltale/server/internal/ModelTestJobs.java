package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.detect.Detector;
import dev.telltale.detect.radioactivity.ClosedModelTest;
import dev.telltale.detect.radioactivity.Progress;
import dev.telltale.detect.radioactivity.RadioactivityResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Suspect-model test jobs ({@code kind=model-test}): prompts sent to a suspect's OpenAI-compatible endpoint,
 * outputs pooled with one dedup tape, windows of the prompts skipped, one exact p-value
 * ({@link ClosedModelTest}). The request (with the endpoint's API key, if any) is the job's stored input and is
 * never returned; the job's public parameters leave the key out. Such a job is not checkpointed: after a
 * restart it runs again from the first request (with a {@code seed} the suspect sees the same requests).
 *
 * <pre>
 * {"key_id":"…","endpoint":"http://host:port/v1","api_key":"…","model":"…","chat":false,
 *  "prompts":["…",…],"samples":1,"max_tokens":64,"temperature":1.0,"seed":1,"alpha":1e-6}
 * </pre>
 */
final class ModelTestJobs {
    private ModelTestJobs() {}

    /** Validates a request; returns its public parameters (no API key). */
    static ObjectNode validate(JsonNode req, ServerContext s) {
        String endpoint = Http.optText(req, "endpoint");
        if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            throw ApiError.badRequest("\"endpoint\" must be the suspect's OpenAI-compatible base URL (http(s)://host:port/v1)");
        }
        try {
            URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("\"endpoint\" is not a URL: " + e.getMessage());
        }
        List<String> prompts = prompts(req);
        Http.optText(req, "api_key");
        Http.optText(req, "model");
        Detector d = s.keys().detector(Http.optText(req, "key_id"), DetectRoutes.alpha(req));
        options(req); // checks the numbers
        ObjectNode p = Http.JSON.createObjectNode();
        p.put("key_id", d.key().keyId());
        p.put("endpoint", endpoint);
        p.put("model", Http.optText(req, "model"));
        p.put("chat", DetectRoutes.flag(req, "chat"));
        p.put("prompts", prompts.size());
        p.put("samples", req.path("samples").asInt(1));
        p.put("max_tokens", req.path("max_tokens").asInt(64));
        p.put("temperature", req.path("temperature").asDouble(1.0));
        p.set("seed", req.get("seed"));
        p.put("alpha", DetectRoutes.alpha(req));
        p.put("api_key_given", req.hasNonNull("api_key"));
        return p;
    }

    static List<String> prompts(JsonNode req) {
        JsonNode ps = req.get("prompts");
        if (ps == null || !ps.isArray() || ps.isEmpty()) {
            throw ApiError.badRequest("\"prompts\" must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode p : ps) {
            if (!p.isTextual() || p.textValue().isBlank()) {
                throw ApiError.badRequest("every prompt must be a non-empty string");
            }
            out.add(p.textValue());
        }
        return out;
    }

    static ClosedModelTest.Options options(JsonNode req) {
        try {
            JsonNode seed = req.get("seed");
            return ClosedModelTest.Options.of(URI.create(req.path("endpoint").asText()))
                    .withApiKey(req.hasNonNull("api_key") ? req.get("api_key").asText() : null)
                    .withModel(req.hasNonNull("model") ? req.get("model").asText() : null)
                    .withChat(req.path("chat").asBoolean(false))
                    .withSampling(req.path("samples").asInt(1), req.path("max_tokens").asInt(64), req.path("temperature").asDouble(1.0),
                            null, seed == null || seed.isNull() ? null : seed.asLong());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** Runs the test; {@code progress} reports requests done and is polled for a stop. */
    static RadioactivityResult run(ServerContext s, JsonNode req, Progress progress) throws InterruptedException {
        Detector d = s.keys().detector(req.path("key_id").isTextual() ? req.get("key_id").asText() : null, DetectRoutes.alpha(req));
        return ClosedModelTest.run(d, prompts(req), options(req), progress);
    }
}
