package dev.telltale.detect.radioactivity;

import dev.telltale.detect.Detector;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Tests a suspect served behind an OpenAI-compatible endpoint for our watermark [1]: send every prompt
 * {@code samples} times, pool all outputs, score each (context window, token) pair once over the whole run,
 * skip windows that occur in any prompt, optionally score only windows that occur in our own watermarked
 * data, and report the exact p-value, also as a function of pairs scored.
 *
 * <p>Requests run {@code concurrency} at a time; outputs are pooled in request order (prompt-major), so the
 * series does not depend on timing. A request that still fails after its retries is counted in
 * {@link RequestStats}; a 401, 403 or 404 stops the whole test (wrong key, endpoint or model).
 *
 * <pre>
 * [1] Sander, Fernandez, Durmus, Douze, Furon. Watermarking Makes Language Models Radioactive. NeurIPS 2024
 *     (closed-model setting; "tape" dedup and the prompt-window rule from the reference code).
 * </pre>
 */
public final class ClosedModelTest {

    /**
     * How to query the suspect.
     *
     * @param endpoint          OpenAI base URL ({@code http://host:port/v1})
     * @param apiKey            bearer key, or null
     * @param model             model id, or null for the first one {@code /models} lists
     * @param chat              use {@code /chat/completions} (prompt = the user message; replies scored alone)
     *                          instead of {@code /completions} (windows may reach back into the prompt)
     * @param samples           requests per prompt
     * @param maxTokens         tokens asked per request
     * @param temperature       sampling temperature sent
     * @param topP              nucleus mass sent, or null for the server's default
     * @param seed              request k is sent {@code seed + k}, or null for unseeded requests
     * @param concurrency       requests in flight
     * @param timeout           per attempt
     * @param maxAttempts       attempts per request
     * @param backoff           first retry delay (doubling)
     * @param filter            windows of our watermarked data (only those are scored), or null
     * @param dedup             score each pair once (only diagnostics turn this off: the p-value is then invalid)
     * @param skipPromptWindows skip windows occurring in the prompts (only diagnostics turn this off)
     */
    public record Options(URI endpoint, String apiKey, String model, boolean chat, int samples, int maxTokens,
                          double temperature, Double topP, Long seed, int concurrency, Duration timeout, int maxAttempts,
                          Duration backoff, WindowSet filter, boolean dedup, boolean skipPromptWindows) {
        public Options {
            Objects.requireNonNull(endpoint, "endpoint");
            if (samples < 1 || maxTokens < 1 || concurrency < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("samples, max tokens, concurrency and attempts must be >= 1");
            }
            if (!(temperature >= 0 && temperature <= 2)) {
                throw new IllegalArgumentException("temperature must be in [0, 2], got " + temperature);
            }
        }

        /** Defaults: completions, 1 sample, 64 tokens, temperature 1, 4 in flight, 120 s timeout, 5 attempts from 0.5 s. */
        public static Options of(URI endpoint) {
            return new Options(endpoint, null, null, false, 1, 64, 1.0, null, null, 4, Duration.ofSeconds(120), 5,
                    Duration.ofMillis(500), null, true, true);
        }

        public Options withApiKey(String k) {
            return new Options(endpoint, k, model, chat, samples, maxTokens, temperature, topP, seed, concurrency, timeout,
                    maxAttempts, backoff, filter, dedup, skipPromptWindows);
        }

        public Options withModel(String m) {
            return new Options(endpoint, apiKey, m, chat, samples, maxTokens, temperature, topP, seed, concurrency, timeout,
                    maxAttempts, backoff, filter, dedup, skipPromptWindows);
        }

        public Options withChat(boolean c) {
            return new Options(endpoint, apiKey, model, c, samples, maxTokens, temperature, topP, seed, concurrency, timeout,
                    maxAttempts, backoff, filter, dedup, skipPromptWindows);
        }

        public Options withSampling(int samplesPerPrompt, int tokens, double temp, Double nucleus, Long baseSeed) {
            return new Options(endpoint, apiKey, model, chat, samplesPerPrompt, tokens, temp, nucleus, baseSeed, concurrency,
                    timeout, maxAttempts, backoff, filter, dedup, skipPromptWindows);
        }

        public Options withRequests(int inFlight, Duration perAttempt, int attempts, Duration firstBackoff) {
            return new Options(endpoint, apiKey, model, chat, samples, maxTokens, temperature, topP, seed, inFlight,
                    perAttempt, attempts, firstBackoff, filter, dedup, skipPromptWindows);
        }

        public Options withFilter(WindowSet f) {
            return new Options(endpoint, apiKey, model, chat, samples, maxTokens, temperature, topP, seed, concurrency,
                    timeout, maxAttempts, backoff, f, dedup, skipPromptWindows);
        }

        /** Diagnostics only: turn off dedup and the prompt-window rule to see what they prevent. */
        public Options withRules(boolean dedupPairs, boolean skipPrompts) {
            return new Options(endpoint, apiKey, model, chat, samples, maxTokens, temperature, topP, seed, concurrency,
                    timeout, maxAttempts, backoff, filter, dedupPairs, skipPrompts);
        }
    }

    private ClosedModelTest() {}

    private record Outcome(String text, int attempts, OpenAiClient.RequestFailedException failure) {}

    /**
     * Runs the test.
     *
     * @param detector the key, its tokenizer and scheme (per-pair schemes: kgw, unigram, gumbel)
     * @param prompts  the prompts (at least one)
     * @throws IllegalStateException when the endpoint refuses the test outright (401, 403, 404)
     * @throws CancellationException when {@code progress} asks to stop
     */
    public static RadioactivityResult run(Detector detector, List<String> prompts, Options o, Progress progress)
            throws InterruptedException {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts given");
        }
        List<int[]> promptIds = new ArrayList<>(prompts.size());
        WindowSet promptWindows = o.skipPromptWindows() ? Windows.empty(detector) : null;
        for (String p : prompts) {
            int[] ids = detector.tokenize(p);
            promptIds.add(ids);
            if (promptWindows != null) {
                promptWindows.addAll(ids);
            }
        }
        PairTally tally = new PairTally(detector, o.dedup(), promptWindows, o.filter());
        OpenAiClient client = new OpenAiClient(o.endpoint(), o.apiKey(), o.timeout(), o.maxAttempts(), o.backoff());
        String model = o.model();
        if (model == null) {
            try {
                model = client.firstModel();
            } catch (OpenAiClient.RequestFailedException e) {
                throw new IllegalStateException("cannot list the endpoint's models (" + o.endpoint() + "): " + e.getMessage(), e);
            }
        }
        final String modelId = model;
        long total = (long) prompts.size() * o.samples();
        ExecutorService pool = Executors.newFixedThreadPool(o.concurrency(), r -> {
            Thread t = new Thread(r, "telltale-test-model");
            t.setDaemon(true);
            return t;
        });
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            for (long k = 0; k < total; k++) {
                String prompt = prompts.get((int) (k / o.samples()));
                Long seed = o.seed() == null ? null : o.seed() + k;
                futures.add(pool.submit(() -> {
                    try {
                        OpenAiClient.Completion c = client.complete(modelId, prompt, o.chat(), o.maxTokens(), o.temperature(),
                                o.topP(), seed);
                        return new Outcome(c.text(), c.attempts(), null);
                    } catch (OpenAiClient.RequestFailedException e) {
                        return new Outcome(null, e.attempts(), e);
                    }
                }));
            }
            long failed = 0;
            long retries = 0;
            Map<String, Long> reasons = new TreeMap<>();
            for (int k = 0; k < futures.size(); k++) {
                if (progress.cancelled()) {
                    throw new CancellationException("test-model cancelled after " + k + " of " + total + " requests");
                }
                Outcome out = get(futures.get(k));
                retries += out.attempts() - 1;
                if (out.failure() != null) {
                    if (out.failure().fatal()) {
                        throw new IllegalStateException("the endpoint refused the request (" + out.failure().getMessage()
                                + "); check --endpoint, --api-key and the model name");
                    }
                    failed++;
                    reasons.merge(out.failure().reason(), 1L, Long::sum);
                } else {
                    int[] context = o.chat() ? new int[0] : promptIds.get((int) (k / o.samples()));
                    tally.addOutput(context, detector.tokenize(out.text()));
                }
                progress.update(k + 1, total);
            }
            return RadioactivityResult.of("closed", tally, new RequestStats(total, total - failed, failed, retries, reasons),
                    prompts.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome get(Future<Outcome> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("request task failed: " + e.getCause(), e.getCause());
        }
    }
}
