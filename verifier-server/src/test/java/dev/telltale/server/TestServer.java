package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.Schemes;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * A real verifier server on a loopback port (port 0) over a temporary data directory, with a development
 * watermark key in {@code DATA/keys}, and an HTTP client for tests. The server log is captured.
 */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A fixed development secret (its key id is printed by tests; it is test data, never a real key). */
    static final byte[] SECRET = HexFormat.of().parseHex("5e7e11a1e5ec2e70000000000000000000000000000000000000000000000001");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path data;
    final VerifierServer server;
    final String adminToken;
    final ByteArrayOutputStream logBytes;
    final ServerOptions options;

    /** The watermark key every test server loads. */
    static WatermarkKey key() {
        return WatermarkKey.fromSecret(SECRET, Schemes.KGW_V1, Tokenizers.load("qwen3").ref(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** An account key ({@code kgw-accounts} or {@code kgw-account-keys} parameters) with a fixed development secret. */
    static WatermarkKey accountKey(dev.telltale.core.AccountScheme params, int secretByte) {
        byte[] secret = SECRET.clone();
        secret[secret.length - 1] = (byte) secretByte;
        return WatermarkKey.fromSecret(secret, params, Tokenizers.load("qwen3").ref(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Writes {@code key} into {@code DATA/keys} (before {@link #start}; the server then holds several keys). */
    static void addKey(Path data, WatermarkKey key) {
        try {
            Files.createDirectories(data.resolve("keys"));
            KeyFiles.writeInsecurePlaintext(key, data.resolve("keys").resolve(key.keyId() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestServer start(Path data) {
        return start(data, o -> o);
    }

    static TestServer start(Path data, UnaryOperator<ServerOptions> tweak) {
        try {
            Path keys = data.resolve("keys");
            Files.createDirectories(keys);
            Path keyFile = keys.resolve("test.json");
            if (!Files.exists(keyFile)) {
                KeyFiles.writeInsecurePlaintext(key(), keyFile);
            }
            ServerOptions o = tweak.apply(ServerOptions.defaults(0, data).withInsecurePlaintextSigningKey(true));
            return new TestServer(data, o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestServer(Path data, ServerOptions o) throws IOException {
        this.data = data;
        this.options = o;
        this.logBytes = new ByteArrayOutputStream();
        try {
            java.io.OutputStream tee = new java.io.OutputStream() { // captured for assertions, and in the surefire report
                @Override
                public void write(int b) {
                    logBytes.write(b);
                    System.out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    logBytes.write(b, off, len);
                    System.out.write(b, off, len);
                }
            };
            this.server = VerifierServer.start(o, new PrintStream(tee, true, StandardCharsets.UTF_8));
        } catch (KeyFiles.KeyFileException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        this.adminToken = Files.readString(data.resolve("admin-token")).strip();
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** One HTTP exchange. */
    record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text());
            }
        }

        /** Asserts the status and returns the body as JSON. */
        JsonNode expect(int expected) {
            assertEquals(expected, status, () -> "HTTP status; body: " + text());
            return json();
        }

        /** Asserts the one error shape and returns its message. */
        String error(int expected, String code) {
            JsonNode e = expect(expected).path("error");
            assertEquals(expected, e.path("status").asInt(), text());
            assertEquals(code, e.path("code").asText(), text());
            String m = e.path("message").asText();
            org.junit.jupiter.api.Assertions.assertFalse(m.isBlank(), "error message");
            return m;
        }
    }

    Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET(), token);
    }

    Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).DELETE(), token);
    }

    Response post(String path, String token, Object json) {
        try {
            byte[] body = json instanceof byte[] b ? b : json instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(json);
            return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response postRaw(String path, String token, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), token);
    }

    static Response send(HttpRequest.Builder b, String token) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new token of {@code role} made through the API. */
    String token(String role) {
        return post("/v1/tokens", adminToken, JSON.createObjectNode().put("role", role)).expect(201).path("token").asText();
    }

    /** A token with its own rate limit. */
    String token(String role, long tokensPerMinute) {
        return post("/v1/tokens", adminToken, JSON.createObjectNode().put("role", role).put("tokens_per_minute", tokensPerMinute))
                .expect(201).path("token").asText();
    }

    /** Asserts the secret of the test key (and of the account keys, which differ in the last byte) never appeared in the log. */
    void assertNoSecretLogged() {
        String hex = HexFormat.of().formatHex(SECRET);
        org.junit.jupiter.api.Assertions.assertFalse(log().contains(hex.substring(0, hex.length() - 2)), "a key secret appeared in the server log");
    }

    @Override
    public void close() {
        server.close();
    }
}
