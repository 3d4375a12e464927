package dev.telltale.embed.serve;

import dev.telltale.core.TextTokenizer;
import java.util.Objects;

/**
 * What {@link ModelServer} serves and how.
 *
 * @param host      interface to bind (default {@code 127.0.0.1}: loopback only)
 * @param port      TCP port; 0 picks a free one (see {@link ModelServer#port()})
 * @param modelId   the model name clients pass as {@code model} and {@code /v1/models} lists
 * @param models    model instances, one per concurrent request
 * @param tokenizer the model's tokenizer (prompt text in, completion text out)
 * @param watermark which watermark each caller's requests get
 * @param apiKeys   bearer keys (or {@link ApiKeys#open()})
 * @param servedLog records every served text (our own watermarked data, for later tests), or null
 */
public record ServeConfig(String host, int port, String modelId, ModelPool models, TextTokenizer tokenizer,
                          WatermarkPolicy watermark, ApiKeys apiKeys, ServedLog servedLog) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;

    public ServeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(apiKeys, "apiKeys");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (modelId == null || modelId.isBlank() || modelId.length() > 200) {
            throw new IllegalArgumentException("model id must be 1 to 200 characters");
        }
        if (models.vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the model has vocabulary " + models.vocabSize() + " but tokenizer '"
                    + tokenizer.id() + "' has " + tokenizer.vocabSize());
        }
    }

    /** Loopback on a free port, no API keys, no log: the form tests and simulations use. */
    public static ServeConfig loopback(String modelId, ModelPool models, TextTokenizer tokenizer, WatermarkPolicy watermark) {
        return new ServeConfig(DEFAULT_HOST, 0, modelId, models, tokenizer, watermark, ApiKeys.open(), null);
    }

    public ServeConfig withApiKeys(ApiKeys keys) {
        return new ServeConfig(host, port, modelId, models, tokenizer, watermark, keys, servedLog);
    }

    public ServeConfig withServedLog(ServedLog log) {
        return new ServeConfig(host, port, modelId, models, tokenizer, watermark, apiKeys, log);
    }
}
