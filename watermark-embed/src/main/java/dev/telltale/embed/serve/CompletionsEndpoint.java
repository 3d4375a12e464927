package dev.telltale.embed.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.TextTokenizer;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.LogitsProcessor;
import io.javalin.http.Context;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}: parse and validate, pick the caller's
 * watermark, borrow a model instance, generate every choice (prompt-major, then n), and answer with one JSON
 * body or a stream of server-sent events ({@code data: {...}\n\n} chunks, then {@code data: [DONE]}).
 *
 * <p>Randomness: with {@code seed}, choice i of the request draws from the i-th {@code split()} of
 * {@code SplittableRandom(seed)}, so the same request gives the same text streamed or not; without it,
 * from a fresh secure seed.
 */
final class CompletionsEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom SEEDS = new SecureRandom();
    private final ServeConfig config;

    CompletionsEndpoint(ServeConfig config) {
        this.config = config;
    }

    private record Prompt(String text, int[] ids) {}

    void completions(Context ctx) throws Exception {
        JsonNode body = RequestBodies.readObject(ctx);
        checkModel(body);
        List<Prompt> prompts = prompts(body.get("prompt"));
        SamplingParams p = SamplingParams.parse(body, "max_tokens", 16);
        serve(ctx, prompts, p, false, "text_completion", "cmpl-");
    }

    void chat(Context ctx) throws Exception {
        JsonNode body = RequestBodies.readObject(ctx);
        checkModel(body);
        String text = ChatTemplate.render(body.get("messages"));
        List<Prompt> prompts = List.of(new Prompt(text, encode(text, "messages")));
        SamplingParams p = SamplingParams.parse(body, "max_completion_tokens", 256);
        serve(ctx, prompts, p, true, "chat.completion", "chatcmpl-");
    }

    private void serve(Context ctx, List<Prompt> prompts, SamplingParams p, boolean chat, String object, String idPrefix)
            throws Exception {
        Caller caller = ctx.attribute(ModelServer.CALLER);
        LogitsProcessor watermark = config.watermark().processorFor(caller);
        LanguageModel model = config.models().borrow(Limits.MODEL_WAIT_MILLIS);
        if (model == null) {
            throw new OpenAiException(503, "server_error", null, null, "the server is busy; retry later");
        }
        try {
            Responses r = new Responses(object, idPrefix, config.modelId(), chat);
            SseStream stream = p.stream() ? new SseStream(ctx.res()) : null;
            SplittableRandom seeds = new SplittableRandom(p.seed() != null ? p.seed() : SEEDS.nextLong());
            ArrayNode choices = JSON.createArrayNode();
            long promptTokens = 0;
            long completionTokens = 0;
            int index = 0;
            for (Prompt prompt : prompts) {
                promptTokens += prompt.ids().length;
                for (int j = 0; j < p.n(); j++, index++) {
                    final int i = index;
                    if (stream != null && chat) {
                        stream.send(r.chunk(i, "", true, null));
                    }
                    Completer.Choice c = Completer.run(model, watermark, config.tokenizer(), prompt.ids(), p, seeds.split(),
                            chat, stream == null ? null : d -> stream.send(r.chunk(i, d, false, null)));
                    completionTokens += c.completionTokens();
                    if (stream != null) {
                        stream.send(r.chunk(i, "", false, c.finishReason()));
                    } else {
                        choices.add(r.choice(i, c.text(), c.finishReason()));
                    }
                    if (config.servedLog() != null) {
                        config.servedLog().record(caller, chat ? "chat.completions" : "completions", prompt.text(), c.text());
                    }
                }
            }
            ObjectNode usage = Responses.usage(promptTokens, completionTokens);
            if (stream == null) {
                ObjectNode out = r.head();
                out.set("choices", choices);
                out.set("usage", usage);
                ctx.contentType("application/json").result(JSON.writeValueAsString(out));
            } else {
                if (p.includeUsage()) {
                    ObjectNode last = r.head();
                    last.putArray("choices");
                    last.set("usage", usage);
                    stream.send(last);
                }
                stream.done();
            }
        } catch (IOException e) {
            if (!p.stream()) {
                throw e;
            }
            // the client went away mid-stream: nothing left to tell it; generation stopped at the failed write
        } finally {
            config.models().release(model);
        }
    }

    private void checkModel(JsonNode body) {
        JsonNode m = body.get("model");
        if (m == null || !m.isTextual()) {
            throw OpenAiException.badParam("model", "you must provide a model parameter");
        }
        if (!m.asText().equals(config.modelId())) {
            throw new OpenAiException(404, "invalid_request_error", "model", "model_not_found",
                    "The model `" + m.asText() + "` does not exist or you do not have access to it.");
        }
    }

    /** {@code prompt}: a string, an array of strings, an array of token ids, or an array of such arrays. */
    private List<Prompt> prompts(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            return List.of(new Prompt("", new int[0]));
        }
        if (prompt.isTextual()) {
            return List.of(new Prompt(prompt.asText(), encode(prompt.asText(), "prompt")));
        }
        if (!prompt.isArray() || prompt.isEmpty() || prompt.size() > Limits.MAX_PROMPTS && !prompt.get(0).isNumber()) {
            throw OpenAiException.badParam("prompt", "prompt must be a string, an array of 1 to " + Limits.MAX_PROMPTS
                    + " strings, or token ids");
        }
        if (prompt.get(0).isNumber()) {
            return List.of(ids(prompt));
        }
        List<Prompt> out = new ArrayList<>();
        for (JsonNode p : prompt) {
            if (p.isTextual()) {
                out.add(new Prompt(p.asText(), encode(p.asText(), "prompt")));
            } else if (p.isArray()) {
                out.add(ids(p));
            } else {
                throw OpenAiException.badParam("prompt", "every prompt must be a string or an array of token ids");
            }
        }
        return out;
    }

    private Prompt ids(JsonNode arr) {
        int v = config.tokenizer().vocabSize();
        if (arr.size() > Limits.MAX_PROMPT_TOKENS) {
            throw OpenAiException.badParam("prompt", "a prompt may have at most " + Limits.MAX_PROMPT_TOKENS + " tokens");
        }
        int[] ids = new int[arr.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode e = arr.get(i);
            if (!e.isIntegralNumber() || e.asLong() < 0 || e.asLong() >= v) {
                throw OpenAiException.badParam("prompt", "token ids must be integers in [0, " + v + "), got " + e);
            }
            ids[i] = e.asInt();
        }
        return new Prompt(config.tokenizer().decode(ids), ids);
    }

    private int[] encode(String text, String param) {
        TextTokenizer tok = config.tokenizer();
        int[] ids = tok.encode(text);
        if (ids.length > Limits.MAX_PROMPT_TOKENS) {
            throw OpenAiException.badParam(param, "the prompt has " + ids.length + " tokens; at most "
                    + Limits.MAX_PROMPT_TOKENS + " are allowed");
        }
        return ids;
    }

    /** Writes server-sent events straight to the servlet response, flushing each. */
    private static final class SseStream {
        private final java.io.OutputStream out;

        SseStream(jakarta.servlet.http.HttpServletResponse res) throws IOException {
            res.setStatus(200);
            res.setContentType("text/event-stream; charset=utf-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            this.out = res.getOutputStream();
        }

        void send(JsonNode event) throws IOException {
            out.write(("data: " + JSON.writeValueAsString(event) + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        }

        void done() throws IOException {
            out.write("data: [DONE]\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
