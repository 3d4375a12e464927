package dev.telltale.detect.radioactivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal client for OpenAI-compatible endpoints ({@code /v1/models}, {@code /v1/completions},
 * {@code /v1/chat/completions}) on the JDK's HTTP client, with retries: connection errors, timeouts and
 * HTTP 408, 409, 429 and 5xx are retried up to {@code maxAttempts} times with exponential backoff
 * ({@code backoff · 2^k}, capped at 30 s, with jitter in [½, 1]); other errors are final. Thread-safe.
 */
public final class OpenAiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private final HttpClient http;
    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;

    /** A completion and how many attempts it took. */
    public record Completion(String text, String finishReason, int attempts) {}

    /** A request that failed for good. */
    public static final class RequestFailedException extends Exception {
        private final String reason;
        private final boolean fatal;
        private final int attempts;

        RequestFailedException(String reason, String detail, boolean fatal, int attempts) {
            super(reason + (detail == null || detail.isBlank() ? "" : ": " + detail));
            this.reason = reason;
            this.fatal = fatal;
            this.attempts = attempts;
        }

        /** Short reason for counting ({@code "HTTP 500"}, {@code "timeout"}, {@code "connection"}, ...). */
        public String reason() {
            return reason;
        }

        /** True when no later request can succeed either (401, 403, 404: wrong key, endpoint or model). */
        public boolean fatal() {
            return fatal;
        }

        public int attempts() {
            return attempts;
        }
    }

    /**
     * @param baseUrl     the OpenAI base URL, e.g. {@code http://127.0.0.1:8000/v1}
     * @param apiKey      bearer key, or null
     * @param timeout     per attempt
     * @param maxAttempts attempts per request (≥ 1)
     * @param backoff     first retry delay
     */
    public OpenAiClient(URI baseUrl, String apiKey, Duration timeout, int maxAttempts, Duration backoff) {
        String s = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("endpoint must be an http(s) URL such as http://127.0.0.1:8000/v1, got " + s);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
        }
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    private OpenAiClient(OpenAiClient from, String apiKey) {
        this.http = from.http;
        this.base = from.base;
        this.apiKey = apiKey;
        this.timeout = from.timeout;
        this.maxAttempts = from.maxAttempts;
        this.backoff = from.backoff;
    }

    /**
     * The same endpoint and retry settings under another bearer key, sharing this client's HTTP connections
     * (one JDK client, and its selector thread, for any number of keys: a harvester rotating through many
     * accounts' API keys).
     */
    public OpenAiClient withApiKey(String apiKey) {
        return new OpenAiClient(this, apiKey);
    }

    /** The first model the endpoint lists ({@code GET /models}). */
    public String firstModel() throws RequestFailedException, InterruptedException {
        JsonNode r = send(HttpRequest.newBuilder(base.resolve("models")).GET()).body;
        JsonNode data = r.path("data");
        if (!data.isArray() || data.isEmpty() || !data.get(0).path("id").isTextual()) {
            throw new RequestFailedException("bad response", "GET /models listed no model", true, 1);
        }
        return data.get(0).get("id").asText();
    }

    /**
     * One completion ({@code n = 1}).
     *
     * @param chat  send {@code prompt} as the user message of {@code /chat/completions}, else to {@code /completions}
     * @param topP  null to leave the server's default
     * @param seed  null to leave sampling unseeded
     */
    public Completion complete(String model, String prompt, boolean chat, int maxTokens, double temperature, Double topP,
                               Long seed) throws RequestFailedException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        if (chat) {
            ObjectNode m = body.putArray("messages").addObject();
            m.put("role", "user");
            m.put("content", prompt);
        } else {
            body.put("prompt", prompt);
        }
        body.put("max_tokens", maxTokens);
        body.put("temperature", temperature);
        if (topP != null) {
            body.put("top_p", topP);
        }
        if (seed != null) {
            body.put("seed", seed);
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(chat ? "chat/completions" : "completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        Reply r = send(req);
        JsonNode choice = r.body.path("choices").path(0);
        JsonNode text = chat ? choice.path("message").path("content") : choice.path("text");
        if (!text.isTextual()) {
            throw new RequestFailedException("bad response", "no " + (chat ? "choices[0].message.content" : "choices[0].text"),
                    false, r.attempts);
        }
        return new Completion(text.asText(), choice.path("finish_reason").asText(null), r.attempts);
    }

    private record Reply(JsonNode body, int attempts) {}

    private Reply send(HttpRequest.Builder builder) throws RequestFailedException, InterruptedException {
        builder.timeout(timeout);
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest req = builder.build();
        String reason = null;
        String detail = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                sleepBackoff(attempt - 1);
            }
            try {
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                int status = resp.statusCode();
                if (status == 200) {
                    try {
                        return new Reply(JSON.readTree(resp.body()), attempt);
                    } catch (IOException e) {
                        reason = "bad response";
                        detail = "the body is not JSON";
                        continue;
                    }
                }
                reason = "HTTP " + status;
                detail = errorMessage(resp.body());
                if (!retryable(status)) {
                    throw new RequestFailedException(reason, detail, status == 401 || status == 403 || status == 404, attempt);
                }
            } catch (HttpTimeoutException e) {
                reason = "timeout";
                detail = "no answer within " + timeout.toMillis() + " ms";
            } catch (ConnectException e) {
                reason = "connection refused";
                detail = base.toString();
            } catch (IOException e) {
                reason = "connection";
                detail = String.valueOf(e.getMessage());
            }
        }
        throw new RequestFailedException(reason, detail + " (after " + maxAttempts + " attempts)", false, maxAttempts);
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    private void sleepBackoff(int retry) throws InterruptedException {
        long ms = backoff.toMillis() << Math.min(retry - 1, 20);
        ms = Math.min(ms, MAX_BACKOFF.toMillis());
        Thread.sleep((long) (ms * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }

    /** OpenAI's {@code error.message}, or the start of the body. */
    private static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.path("error").path("message").isTextual()) {
                return n.get("error").get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: fall through to the raw body
        }
        return body == null ? "" : body.substring(0, Math.min(body.length(), 200));
    }
}
