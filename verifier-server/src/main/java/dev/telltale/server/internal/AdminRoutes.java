package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.Schemes;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.server.internal.StoreRecords.AuditEntry;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.TokenRecord;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin endpoints: API tokens, watermark keys, the audit log export. */
public final class AdminRoutes {
    private final ServerContext s;

    public AdminRoutes(ServerContext s) {
        this.s = s;
    }

    /** {@code POST /v1/tokens {"role":"analyst","label":"…","tokens_per_minute":N}} → the token, shown once. */
    public void createToken(Context ctx) {
        Tokens.Principal p = Http.require(ctx, s.tokens(), Role.ADMIN);
        JsonNode req = Http.jsonObject(Http.body(ctx, s.options().limits().maxRequestBytes()));
        String roleText = Http.optText(req, "role");
        if (roleText == null) {
            throw ApiError.badRequest("\"role\" is required: submitter, analyst or admin");
        }
        Role role;
        try {
            role = Role.parse(roleText);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        JsonNode tpm = req.get("tokens_per_minute");
        if (tpm != null && !tpm.isNull() && (!tpm.canConvertToLong() || !tpm.isIntegralNumber() || tpm.longValue() < 0)) {
            throw ApiError.badRequest("tokens_per_minute must be an integer >= 0 (0 = unlimited)");
        }
        Tokens.Created c = Tokens.create(s.store(), role, Http.optText(req, "label"),
                tpm == null || tpm.isNull() ? null : tpm.longValue(), p.tokenId());
        Map<String, Object> out = describe(c.record());
        out.put("token", c.token());
        Http.json(ctx, 201, out);
    }

    public void listTokens(Context ctx) {
        Http.require(ctx, s.tokens(), Role.ADMIN);
        List<Object> out = new ArrayList<>();
        for (TokenRecord t : s.store().tokens()) {
            out.add(describe(t));
        }
        Http.json(ctx, 200, Map.of("tokens", out));
    }

    public void revokeToken(Context ctx) {
        Tokens.Principal p = Http.require(ctx, s.tokens(), Role.ADMIN);
        String id = ctx.pathParam("id");
        if (!s.store().revokeToken(id, Instant.now(), new AuditEvent(p.tokenId(), "token.revoked", id, Map.of()))) {
            throw ApiError.notFound("no active token '" + id + "'");
        }
        s.tokens().invalidate();
        Http.json(ctx, 200, Map.of("id", id, "revoked", true));
    }

    /** A token's public description (never its hash). */
    public static Map<String, Object> describe(TokenRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("role", t.role().json());
        m.put("label", t.label());
        m.put("tokens_per_minute", t.tokensPerMinute());
        m.put("created", t.created().toString());
        m.put("revoked", t.revoked() == null ? null : t.revoked().toString());
        return m;
    }

    /** {@code POST /v1/keys {"scheme":"kgw","tokenizer":"qwen3"}}: a new key, sealed in DATA/keys (or in clear on a dev server). */
    public void createKey(Context ctx) {
        Tokens.Principal p = Http.require(ctx, s.tokens(), Role.ADMIN);
        JsonNode req = Http.jsonObject(Http.body(ctx, s.options().limits().maxRequestBytes()));
        String scheme = Http.optText(req, "scheme");
        String tokenizer = Http.optText(req, "tokenizer");
        char[] pass = s.keys().passphrase(); // null only on a development server (--insecure-plaintext-signing-key)
        WatermarkKey k;
        try {
            k = WatermarkKey.generate(Schemes.preset(scheme == null ? "kgw" : scheme),
                    Tokenizers.load(tokenizer == null ? Tokenizers.DEFAULT : tokenizer, TokenizerImpl.FAST).ref(), new SecureRandom());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Path file = s.keys().dir().resolve(k.keyId() + ".json");
        try {
            if (pass != null) {
                KeyFiles.writeSealed(k, file, pass);
            } else {
                KeyFiles.writeInsecurePlaintext(k, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.keys().add(k);
        s.keys().warmTracer(k, s.log());
        ObjectNode pub = KeyFiles.publicPart(k);
        s.store().audit(new AuditEvent(p.tokenId(), "key.created", k.keyId(),
                Map.of("scheme", k.scheme().schemeId(), "sealed", pass != null)));
        Http.json(ctx, 201, pub);
    }

    /** {@code GET /v1/audit}: the whole log as JSONL, then a signed head that commits to the last hash. */
    public void exportAudit(Context ctx) {
        Http.require(ctx, s.tokens(), Role.ADMIN);
        ctx.status(200).contentType("application/x-ndjson").header("Content-Disposition", "attachment; filename=\"audit.jsonl\"")
                .result(export(s.store(), s.signingKey()));
    }

    /** The export bytes: one entry per line, in order, then the signed head. */
    public static byte[] export(Store store, SigningKey key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = 1;
        long count = 0;
        String last = AuditChain.GENESIS;
        while (true) {
            List<AuditEntry> page = store.auditEntries(next, 1000);
            for (AuditEntry e : page) {
                out.writeBytes(AuditChain.exportLine(e).toString().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                last = e.hash();
                next = e.seq() + 1;
                count++;
            }
            if (page.size() < 1000) {
                break;
            }
        }
        ObjectNode head = Http.JSON.createObjectNode();
        head.put("format", "telltale-audit-head/v1");
        head.put("entries", count);
        head.put("last_hash", last);
        head.put("exported", Instant.now().toString());
        out.writeBytes(SignedDocuments.sign("head", head, key).toString().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        return out.toByteArray();
    }
}
