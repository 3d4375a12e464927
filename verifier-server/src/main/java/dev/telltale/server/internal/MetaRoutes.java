package dev.telltale.server.internal;

import dev.telltale.core.KeyFiles;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Unauthenticated endpoints ({@code /healthz}, {@code /metrics}, {@code /openapi.json}, the signing key) and the key list. */
public final class MetaRoutes {
    private final ServerContext s;
    private final byte[] openApi;

    public MetaRoutes(ServerContext s) {
        this.s = s;
        try (InputStream in = MetaRoutes.class.getResourceAsStream("/telltale-server/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void health(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        long tokens;
        try {
            tokens = s.store().tokenCount();
        } catch (RuntimeException e) {
            throw new ApiError(503, "store_unavailable", "the store does not answer: " + e.getMessage());
        }
        m.put("status", "ok");
        m.put("version", s.version());
        m.put("store", s.store().kind());
        m.put("keys", s.keys().entries().size());
        m.put("tokens", tokens);
        m.put("signing_key_sha256", s.signingKey().fingerprint());
        Http.json(ctx, 200, m);
    }

    public void metrics(Context ctx) {
        ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(s.metrics().render());
    }

    public void openApi(Context ctx) {
        ctx.status(200).contentType("application/json").result(openApi);
    }

    public void signingKey(Context ctx) {
        ctx.status(200).contentType("application/x-pem-file").header("X-Key-SHA256", s.signingKey().fingerprint())
                .result(s.signingKey().publicKeyPem());
    }

    /** {@code GET /v1/keys}: the public part of every key (id, scheme, tokenizer), never a secret. */
    public void keys(Context ctx) {
        Http.require(ctx, s.tokens(), Role.SUBMITTER);
        List<Object> out = new ArrayList<>();
        for (KeyRing.Entry e : s.keys().entries()) {
            out.add(KeyFiles.publicPart(e.key()));
        }
        Http.json(ctx, 200, Map.of("keys", out));
    }
}
