package dev.telltale.corpus.eval;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TextNormalizer;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Completions from the default model, generated on every core with one model copy per thread. */
final class Completions {
    static final int PROMPT_TOKENS = 16;

    /**
     * One completion.
     *
     * @param key    the key that watermarked it (null for an unwatermarked control)
     * @param prompt prompt ids (16 tokens of a held-out Brown document)
     * @param ids    generated ids
     * @param text   what {@code telltale generate} prints: the decoded ids through the robust normaliser
     */
    record Sample(WatermarkKey key, int[] prompt, int[] ids, String text) {}

    private Completions() {}

    /**
     * {@code n} completions of {@code maxTokens} tokens at {@code temperature}, each with its own key (or none
     * when {@code scheme} is null), prompt and sampling seed, all drawn from the stream {@code label}: the
     * output does not depend on thread scheduling.
     */
    static List<Sample> generate(EvalContext ctx, SchemeParameters scheme, double temperature, int n, int maxTokens,
                                 String label) {
        SplittableRandom r = ctx.random(label);
        WatermarkKey[] keys = new WatermarkKey[n];
        int[][] prompts = new int[n][];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = scheme == null ? null : ctx.key(scheme, r);
            prompts[i] = prompt(ctx, r);
            seeds[i] = r.nextLong();
        }
        SamplingConfig sampling = new SamplingConfig(temperature, 0, 1.0);
        ThreadLocal<KneserNeyModel> models = ThreadLocal.withInitial(ctx.model::copy);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<int[]>> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                out.add(pool.submit(() -> new Generator(models.get(), keys[k] == null ? null : Embedders.forKey(keys[k]), sampling)
                        .generate(prompts[k], maxTokens, -1, new SplittableRandom(seeds[k]))));
            }
            List<Sample> samples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int[] ids = out.get(i).get();
                samples.add(new Sample(keys[i], prompts[i], ids, TextNormalizer.ROBUST.apply(ctx.tokenizer.decode(ids))));
            }
            return samples;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("generation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("generation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** 16 consecutive tokens at a random place of a random held-out document. */
    private static int[] prompt(EvalContext ctx, SplittableRandom r) {
        int[] doc;
        do {
            doc = ctx.heldOut.get(r.nextInt(ctx.heldOut.size()));
        } while (doc.length <= PROMPT_TOKENS);
        int at = r.nextInt(doc.length - PROMPT_TOKENS);
        return Arrays.copyOfRange(doc, at, at + PROMPT_TOKENS);
    }
}
