package dev.telltale.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Request plumbing shared by the routes: bounded bodies, strict JSON, the caller's role. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String PRINCIPAL = "telltale.principal";

    private Http() {}

    /**
     * Reads the body, refusing more than {@code limit} bytes with a 413 (from Content-Length when given, else
     * while reading).
     */
    public static byte[] body(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(declared, limit);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (b.length > limit) {
                throw tooLarge(-1, limit);
            }
            return b;
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    private static ApiError tooLarge(long declared, long limit) {
        return new ApiError(413, "payload_too_large", "request body " + (declared > 0 ? "of " + declared + " bytes " : "")
                + "exceeds the limit of " + limit + " bytes");
    }

    /** A JSON object from the body; malformed JSON is a 400 that says where. */
    public static JsonNode jsonObject(byte[] body) {
        if (body.length == 0) {
            throw ApiError.badRequest("request body is empty; send a JSON object");
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ApiError.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("request body must be a JSON object");
        }
        return n;
    }

    /** Authenticates (once per request) and checks the role. */
    public static Tokens.Principal require(Context ctx, Tokens tokens, Role role) {
        Tokens.Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            p = tokens.authenticate(ctx.header("Authorization"));
            ctx.attribute(PRINCIPAL, p);
        }
        if (!p.role().atLeast(role)) {
            throw ApiError.forbidden("this needs the " + role.json() + " role; token " + p.tokenId() + " is a " + p.role().json());
        }
        return p;
    }

    /** Writes a JSON value. */
    public static void json(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An optional string field; a present non-string is a 400. */
    public static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("\"" + field + "\" must be a string");
        }
        return v.textValue();
    }
}
