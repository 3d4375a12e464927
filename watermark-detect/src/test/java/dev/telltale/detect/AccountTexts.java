package dev.telltale.detect;

import dev.telltale.core.AccountScheme;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.LogitsProcessor;
import dev.telltale.embed.SamplingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Completions from the default model (Brown Kneser–Ney trigram, Qwen3, temperature 1) for the attribution
 * tests: each under a fresh random key, for a random account of it, generated on every core (one model copy
 * per text). Text i depends only on (seed, i), so results do not depend on thread scheduling.
 */
final class AccountTexts {
    static final String[] PROMPTS = {"The jury said", "In the morning", "He told them that", "It was", "The new"};
    private static TextTokenizer qwen;
    private static KneserNeyModel model;

    private AccountTexts() {}

    /** One completion: the key, the account it was served to (−1 for a key without accounts), prompt and ids. */
    record Text(WatermarkKey key, long account, int[] prompt, int[] ids) {
        /** The first {@code n} ids (or all). */
        int[] prefix(int n) {
            return Arrays.copyOf(ids, Math.min(n, ids.length));
        }
    }

    static synchronized TextTokenizer qwen() {
        if (qwen == null) {
            qwen = Tokenizers.load("qwen3");
        }
        return qwen;
    }

    static synchronized KneserNeyModel model() {
        if (model == null) {
            model = Fixtures.defaultModel(qwen(), System.out);
        }
        return model;
    }

    /**
     * {@code count} completions of {@code tokens} tokens, each under a fresh key of {@code params}; for an account
     * scheme each is served to a random account in [0, min(N, accountBound)), else the plain embedder runs
     * ({@code watermark = false}: no watermark at all, a control).
     */
    static List<Text> generate(SchemeParameters params, int count, int tokens, long accountBound, boolean watermark,
                               long seed) {
        return generate(count, tokens, accountBound, watermark, seed, r -> {
            byte[] secret = new byte[32];
            r.nextBytes(secret);
            return WatermarkKey.fromSecret(secret, params, qwen().ref(), Instant.EPOCH);
        });
    }

    /** {@code count} watermarked completions under one {@code key} (a provider's key serving many accounts). */
    static List<Text> generate(WatermarkKey key, int count, int tokens, long accountBound, long seed) {
        return generate(count, tokens, accountBound, true, seed, r -> key);
    }

    private static List<Text> generate(int count, int tokens, long accountBound, boolean watermark, long seed,
                                       java.util.function.Function<SplittableRandom, WatermarkKey> keys) {
        TextTokenizer tok = qwen();
        KneserNeyModel shared = model();
        Text[] out = new Text[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            WatermarkKey key = keys.apply(r);
            long account = -1;
            LogitsProcessor embedder = null;
            if (watermark && key.scheme() instanceof AccountScheme s) {
                account = r.nextLong(Math.min(s.accounts(), accountBound));
                embedder = Embedders.forKey(key, account);
            } else if (watermark) {
                embedder = Embedders.forKey(key);
            }
            Generator g = Generator.withMixturePath(shared.copy(), embedder, SamplingConfig.DEFAULT); // exact, O(successors)
            int[] prompt = tok.encode(PROMPTS[i % PROMPTS.length]);
            out[i] = new Text(key, account, prompt, g.generate(prompt, tokens, -1, r));
        });
        return new ArrayList<>(List.of(out));
    }

    /** Brown documents cut into segments of {@code tokens} Qwen3 ids (human text). */
    static List<int[]> brownSegments(int tokens) {
        List<int[]> segments = new ArrayList<>();
        for (int[] doc : DefaultModels.brownIds(qwen())) {
            for (int from = 0; from + tokens <= doc.length; from += tokens) {
                segments.add(Arrays.copyOfRange(doc, from, from + tokens));
            }
        }
        return segments;
    }

    /** Mean negative log-likelihood per token of the completions under the unwatermarked model (nats). */
    static double meanNll(List<Text> texts, int tokens) {
        return texts.parallelStream().mapToDouble(t -> {
            KneserNeyModel m = model().copy();
            float[] logits = new float[m.vocabSize()];
            int[] prompt = t.prompt();
            int n = Math.min(tokens, t.ids().length);
            int[] seq = Arrays.copyOf(prompt, prompt.length + n);
            System.arraycopy(t.ids(), 0, seq, prompt.length, n);
            double nll = 0;
            for (int i = 0; i < n; i++) {
                m.logits(seq, prompt.length + i, logits);
                double max = Double.NEGATIVE_INFINITY;
                for (float l : logits) {
                    max = Math.max(max, l);
                }
                double z = 0;
                for (float l : logits) {
                    z += Math.exp(l - max);
                }
                nll += max + Math.log(z) - logits[seq[prompt.length + i]];
            }
            return nll / n;
        }).average().orElse(Double.NaN);
    }
}
