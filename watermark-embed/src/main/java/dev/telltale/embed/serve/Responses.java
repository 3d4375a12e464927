package dev.telltale.embed.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * OpenAI's response objects for one request: the shared head ({@code id}, {@code object}, {@code created},
 * {@code model}), choices, streamed chunks and usage. Completions use {@code text}; chat uses
 * {@code message} (whole) or {@code delta} (streamed).
 */
final class Responses {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final SecureRandom IDS = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private final String id;
    private final String object;
    private final long created;
    private final String model;
    private final boolean chat;

    Responses(String object, String idPrefix, String model, boolean chat) {
        StringBuilder sb = new StringBuilder(idPrefix);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET.charAt(IDS.nextInt(ALPHABET.length())));
        }
        this.id = sb.toString();
        this.object = object;
        this.created = Instant.now().getEpochSecond();
        this.model = model;
        this.chat = chat;
    }

    ObjectNode head() {
        ObjectNode n = F.objectNode();
        n.put("id", id);
        n.put("object", object);
        n.put("created", created);
        n.put("model", model);
        return n;
    }

    /** A whole choice of a non-streamed response. */
    ObjectNode choice(int index, String text, String finishReason) {
        ObjectNode c = F.objectNode();
        c.put("index", index);
        if (chat) {
            ObjectNode m = c.putObject("message");
            m.put("role", "assistant");
            m.put("content", text);
        } else {
            c.put("text", text);
        }
        c.putNull("logprobs");
        c.put("finish_reason", finishReason);
        return c;
    }

    /**
     * A streamed chunk for one choice: a text delta, the role announcement (chat, {@code first}), or the
     * final chunk ({@code finishReason} non-null, empty delta).
     */
    ObjectNode chunk(int index, String delta, boolean first, String finishReason) {
        ObjectNode n = head();
        n.put("object", chat ? "chat.completion.chunk" : "text_completion");
        ObjectNode c = n.putArray("choices").addObject();
        c.put("index", index);
        if (chat) {
            ObjectNode d = c.putObject("delta");
            if (first) {
                d.put("role", "assistant");
                d.put("content", "");
            } else if (finishReason == null) {
                d.put("content", delta);
            }
        } else {
            c.put("text", delta);
        }
        c.putNull("logprobs");
        if (finishReason == null) {
            c.putNull("finish_reason");
        } else {
            c.put("finish_reason", finishReason);
        }
        return n;
    }

    static ObjectNode usage(long promptTokens, long completionTokens) {
        ObjectNode u = F.objectNode();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completionTokens);
        u.put("total_tokens", promptTokens + completionTokens);
        return u;
    }
}
