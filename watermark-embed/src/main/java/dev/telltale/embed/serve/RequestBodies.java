package dev.telltale.embed.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads a request body as one JSON object, refusing oversized, non-UTF-8 and malformed bodies clearly. */
final class RequestBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestBodies() {}

    static JsonNode readObject(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > Limits.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(Limits.MAX_BODY_BYTES + 1);
        }
        if (bytes.length > Limits.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new OpenAiException(400, "invalid_request_error", null, null, "the request body is not valid UTF-8");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new OpenAiException(400, "invalid_request_error", null, null,
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                            + "HTTP library correctly. The OpenAI API expects a JSON payload.)");
        }
        if (n == null || !n.isObject()) {
            throw new OpenAiException(400, "invalid_request_error", null, null, "the request body must be a JSON object");
        }
        return n;
    }

    private static OpenAiException tooLarge() {
        return new OpenAiException(413, "invalid_request_error", null, "request_too_large",
                "the request body is larger than " + (Limits.MAX_BODY_BYTES >> 20) + " MiB");
    }
}
