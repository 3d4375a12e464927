package dev.telltale.detect.radioactivity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP proxy in front of a real model server that misbehaves the way endpoints do: every 4th request
 * gets a 503, every 6th hangs past the client's timeout, and requests whose body contains {@code poison}
 * always get a 500.
 */
final class FlakyProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newHttpClient();
    private final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger injected = new AtomicInteger();

    FlakyProxy(String upstreamBase, String poison, long hangMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                int n = requests.incrementAndGet();
                if (new String(body, StandardCharsets.UTF_8).contains(poison)) {
                    reply(ex, 500, "{\"error\":{\"message\":\"poisoned prompt\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
                    return;
                }
                if (n % 4 == 0) {
                    injected.incrementAndGet();
                    reply(ex, 503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
                    return;
                }
                if (n % 6 == 0) {
                    injected.incrementAndGet();
                    Thread.sleep(hangMillis);
                }
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstreamBase + ex.getRequestURI().getPath().replaceFirst("^/v1", "")))
                        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("Content-Type", "application/json");
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth != null) {
                    b.header("Authorization", auth);
                }
                HttpResponse<String> r = upstream.send(b.build(), HttpResponse.BodyHandlers.ofString());
                reply(ex, r.statusCode(), r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up (timeout): nothing to answer
            }
        });
        server.start();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
