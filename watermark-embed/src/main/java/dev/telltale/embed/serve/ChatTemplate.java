package dev.telltale.embed.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;

/**
 * The chat template for models without one of their own (the n-gram models): a plain-text transcript.
 *
 * <pre>
 * System: {content}            one block per message, in order, each followed by a blank line;
 *                              the role capitalised (System, Developer, User, Assistant, Tool)
 * User: {content}
 *
 * Assistant:                   the prompt ends here; the model continues the assistant's turn
 * </pre>
 *
 * The reply is the continuation with its leading white space removed. Message content is a string or an
 * array of {@code {"type": "text", "text": ...}} parts (joined without separator); other part types are
 * refused.
 */
final class ChatTemplate {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private ChatTemplate() {}

    /** Renders {@code messages} (the request's array) as the prompt text. */
    static String render(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw OpenAiException.badParam("messages", "messages must be a non-empty array");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            if (!ROLES.contains(role)) {
                throw OpenAiException.badParam("messages[" + i + "].role",
                        "messages[" + i + "].role must be one of " + ROLES + ", got '" + role + "'");
            }
            sb.append(role.substring(0, 1).toUpperCase(Locale.ROOT)).append(role.substring(1)).append(": ")
                    .append(content(m.get("content"), i)).append("\n\n");
        }
        return sb.append("Assistant:").toString();
    }

    private static String content(JsonNode c, int i) {
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw OpenAiException.badParam("messages[" + i + "].content",
                            "only text content parts ({\"type\": \"text\", \"text\": ...}) are supported");
                }
                sb.append(part.get("text").asText());
            }
            return sb.toString();
        }
        throw OpenAiException.badParam("messages[" + i + "].content", "content must be a string or an array of text parts");
    }
}
