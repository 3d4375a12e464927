package dev.telltale.embed.serve;

/** What one request may ask of the server (beyond these, 400 or 413 in OpenAI's error shape). */
final class Limits {
    /** Largest max_tokens per choice. */
    static final int MAX_TOKENS = 4096;
    /** Largest n. */
    static final int MAX_N = 16;
    /** Most prompts in one completions request. */
    static final int MAX_PROMPTS = 64;
    /** Largest request body. */
    static final int MAX_BODY_BYTES = 4 << 20;
    /** Longest prompt in tokens. */
    static final int MAX_PROMPT_TOKENS = 32_768;
    /** How long a request waits for a free model instance before 503. */
    static final long MODEL_WAIT_MILLIS = 120_000;

    private Limits() {}
}
