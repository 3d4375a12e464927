package dev.telltale.corpus.eval;

import dev.telltale.corpus.eval.Completions.Sample;
import dev.telltale.embed.KneserNeyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Quality cost: perplexity of completions under a separate reference model (Kneser–Ney of order 4 trained
 * on the even half of Brown; the generator is the order-3 default model, prompts come from the odd half),
 * distinct-n (distinct n-grams / n-grams within a completion, averaged) and rep-4 (fraction of a
 * completion's 4-grams that already occurred earlier in it, averaged). Watermarked against unwatermarked
 * completions of the same length, prompts and temperature.
 */
final class QualityEval {
    static final int REFERENCE_ORDER = 4;

    /** Quality of one set of completions. */
    record Row(String scheme, double temperature, int completions, double perplexity, double distinct1, double distinct2,
               double distinct3, double rep4) {}

    private QualityEval() {}

    static KneserNeyModel referenceModel(EvalContext ctx) {
        return KneserNeyModel.train(ctx.referenceHalf, ctx.tokenizer.vocabSize(), REFERENCE_ORDER);
    }

    static Row measure(EvalContext ctx, KneserNeyModel reference, String scheme, double temperature, List<Sample> samples) {
        int len = ctx.sizes.qualityTokens();
        float[] logits = new float[reference.vocabSize()];
        double nll = 0;
        long tokens = 0;
        double d1 = 0;
        double d2 = 0;
        double d3 = 0;
        double rep = 0;
        for (Sample s : samples) {
            int[] ids = Arrays.copyOf(s.ids(), Math.min(len, s.ids().length));
            int[] seq = new int[s.prompt().length + ids.length];
            System.arraycopy(s.prompt(), 0, seq, 0, s.prompt().length);
            System.arraycopy(ids, 0, seq, s.prompt().length, ids.length);
            for (int t = s.prompt().length; t < seq.length; t++) {
                reference.logits(seq, t, logits); // [vocab] natural-log probabilities
                nll -= logits[seq[t]];
                tokens++;
            }
            d1 += distinct(ids, 1);
            d2 += distinct(ids, 2);
            d3 += distinct(ids, 3);
            rep += 1 - distinct(ids, 4); // repeated 4-gram occurrences / 4-grams
        }
        int n = samples.size();
        return new Row(scheme, temperature, n, Math.exp(nll / tokens), d1 / n, d2 / n, d3 / n, rep / n);
    }

    /** Distinct n-grams over n-grams of {@code ids} (1 when it has none). */
    static double distinct(int[] ids, int n) {
        int count = ids.length - n + 1;
        if (count <= 0) {
            return 1;
        }
        Set<List<Integer>> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            List<Integer> g = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                g.add(ids[i + j]);
            }
            seen.add(g);
        }
        return (double) seen.size() / count;
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| completions | T | n | perplexity (reference KN-4) | distinct-1 | distinct-2 | distinct-3 | rep-4 |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %.1f | %.3f | %.3f | %.3f | %.3f |%n", r.scheme(), r.temperature(),
                    r.completions(), r.perplexity(), r.distinct1(), r.distinct2(), r.distinct3(), r.rep4()));
        }
        return sb.toString();
    }
}
