package dev.telltale.corpus.simulate;

import dev.telltale.detect.radioactivity.OpenAiClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The competitor's side of the story: sends prompts to the teacher's OpenAI-compatible endpoint, like any
 * API customer (or, like the campaign, through many customers' API keys in turn), and keeps the answers.
 * Requests run a few at a time; answers come back in prompt order.
 */
final class Harvester {
    private Harvester() {}

    /**
     * One completion of {@code maxTokens} tokens per prompt, seeded {@code seed + i} (so a harvest repeats).
     *
     * @throws IllegalStateException if any request fails after retries (the simulation needs every answer)
     */
    static List<String> harvest(String baseUrl, String apiKey, String model, List<String> prompts, int maxTokens, long seed)
            throws InterruptedException {
        return harvest(baseUrl, List.of(apiKey), model, prompts, maxTokens, seed);
    }

    /**
     * As {@link #harvest(String, String, String, List, int, long)}, prompt {@code i} sent with API key
     * {@code apiKeys[i mod k]}: the harvest rotates through the accounts.
     */
    static List<String> harvest(String baseUrl, List<String> apiKeys, String model, List<String> prompts, int maxTokens,
                                long seed) throws InterruptedException {
        OpenAiClient base = new OpenAiClient(URI.create(baseUrl), apiKeys.get(0), Duration.ofSeconds(120), 3, Duration.ofMillis(200));
        List<OpenAiClient> clients = new ArrayList<>(apiKeys.size());
        for (String k : apiKeys) {
            clients.add(base.withApiKey(k));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "telltale-harvest");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> futures = new ArrayList<>(prompts.size());
            for (int i = 0; i < prompts.size(); i++) {
                String p = prompts.get(i);
                long s = seed + i;
                OpenAiClient client = clients.get(i % clients.size());
                futures.add(pool.submit(() -> client.complete(model, p, false, maxTokens, 1.0, null, s).text()));
            }
            List<String> out = new ArrayList<>(prompts.size());
            for (Future<String> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("harvest request failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
