package dev.telltale.embed.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * An OpenAI-compatible HTTP server for any Telltale {@link dev.telltale.embed.LanguageModel}, watermarked by
 * a {@link WatermarkPolicy}: {@code GET /v1/models}, {@code GET /v1/models/{id}}, {@code POST /v1/completions},
 * {@code POST /v1/chat/completions} (streaming with server-sent events), bearer API keys, errors in OpenAI's
 * shape ({@code {"error": {"message", "type", "param", "code"}}}). Parameters: {@code temperature},
 * {@code top_p}, {@code top_k}, {@code max_tokens} ({@code max_completion_tokens} for chat), {@code n},
 * {@code seed}, {@code stop}, {@code stream}, {@code stream_options.include_usage}; see {@link SamplingParams}
 * for what is refused, {@link ChatTemplate} for the chat format and {@link Limits} for sizes.
 *
 * <p>Each request runs on a server thread with its own model instance from the {@link ModelPool} and the
 * processor its caller's policy picks. The watermark is never mentioned in responses.
 */
public final class ModelServer implements AutoCloseable {
    static final String CALLER = "telltale.caller";
    private static final System.Logger LOG = System.getLogger(ModelServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Javalin app;
    private final ServeConfig config;

    private ModelServer(ServeConfig config) {
        this.config = config;
        CompletionsEndpoint endpoint = new CompletionsEndpoint(config);
        long created = Instant.now().getEpochSecond();
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.disableCompression();
            cfg.http.maxRequestSize = Limits.MAX_BODY_BYTES;
        });
        app.before("/v1/*", ctx -> ctx.attribute(CALLER, config.apiKeys().authenticate(ctx.header("Authorization"))));
        app.get("/v1/models", ctx -> {
            ObjectNode list = JSON.createObjectNode();
            list.put("object", "list");
            list.putArray("data").add(modelObject(created));
            json(ctx, 200, list);
        });
        app.get("/v1/models/{id}", ctx -> {
            if (!ctx.pathParam("id").equals(config.modelId())) {
                throw new OpenAiException(404, "invalid_request_error", "model", "model_not_found",
                        "The model `" + ctx.pathParam("id") + "` does not exist or you do not have access to it.");
            }
            json(ctx, 200, modelObject(created));
        });
        app.post("/v1/completions", endpoint::completions);
        app.post("/v1/chat/completions", endpoint::chat);
        app.exception(OpenAiException.class, (e, ctx) -> json(ctx, e.status(), e.body()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.log(System.Logger.Level.ERROR, "request " + ctx.method() + " " + ctx.path() + " failed", e);
            json(ctx, 500, new OpenAiException(500, "server_error", null, null,
                    "The server had an error while processing your request.").body());
        });
        app.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) { // Javalin's own "not found", not ours
                json(ctx, 404, new OpenAiException(404, "invalid_request_error", null, "unknown_url",
                        "Invalid URL (" + ctx.method() + " " + ctx.path() + ")").body());
            }
        });
        app.error(405, ctx -> json(ctx, 405, new OpenAiException(405, "invalid_request_error", null, null,
                "Method " + ctx.method() + " is not allowed on " + ctx.path()).body()));
    }

    /** Binds and starts serving; {@link #close()} stops. */
    public static ModelServer start(ServeConfig config) {
        ModelServer s = new ModelServer(config);
        s.app.start(config.host(), config.port());
        return s;
    }

    /** The bound port (the chosen one when the configuration asked for 0). */
    public int port() {
        return app.port();
    }

    /** The OpenAI base URL, e.g. {@code http://127.0.0.1:8000/v1}. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port() + "/v1";
    }

    public ServeConfig config() {
        return config;
    }

    @Override
    public void close() {
        app.stop();
    }

    private ObjectNode modelObject(long created) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", config.modelId());
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "telltale");
        return m;
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
