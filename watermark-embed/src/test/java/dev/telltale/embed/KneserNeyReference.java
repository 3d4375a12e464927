package dev.telltale.embed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Naive interpolated Kneser–Ney written straight from the recursive definition, with hash maps of boxed
 * id lists: slow and obviously shaped like the formula, to check the CSR model against. Uses the same
 * conventions as {@link KneserNeyModel}: BOS = V left padding, D_k = n1 / (n1 + 2 n2) (0.5 if n1 = 0),
 * continuation counts below the top order, uniform 1/V below order 1.
 */
final class KneserNeyReference {
    private final int order;
    private final int vocabSize;
    /** [order + 1] k-gram -> count (raw at k = order, continuation below). */
    private final List<Map<List<Integer>, Integer>> grams = new ArrayList<>();
    /** [order + 1] context -> {sum of counts, distinct successors}. */
    private final List<Map<List<Integer>, long[]>> contexts = new ArrayList<>();
    private final double[] discounts;

    KneserNeyReference(List<int[]> documents, int vocabSize, int order) {
        this.order = order;
        this.vocabSize = vocabSize;
        for (int k = 0; k <= order; k++) {
            grams.add(new HashMap<>());
            contexts.add(new HashMap<>());
        }
        for (int[] doc : documents) {
            List<Integer> padded = new ArrayList<>();
            for (int j = 0; j < order - 1; j++) {
                padded.add(vocabSize);
            }
            for (int id : doc) {
                padded.add(id);
            }
            for (int end = order - 1; end < padded.size(); end++) {
                grams.get(order).merge(new ArrayList<>(padded.subList(end - order + 1, end + 1)), 1, Integer::sum);
            }
        }
        for (int k = order - 1; k >= 1; k--) {
            Map<List<Integer>, Set<Integer>> leftExtensions = new HashMap<>();
            for (List<Integer> g : grams.get(k + 1).keySet()) {
                leftExtensions.computeIfAbsent(new ArrayList<>(g.subList(1, g.size())), x -> new HashSet<>()).add(g.get(0));
            }
            Map<List<Integer>, Integer> lower = grams.get(k);
            leftExtensions.forEach((g, lefts) -> lower.put(g, lefts.size()));
        }
        discounts = new double[order + 1];
        for (int k = 1; k <= order; k++) {
            long n1 = 0;
            long n2 = 0;
            for (Map.Entry<List<Integer>, Integer> e : grams.get(k).entrySet()) {
                long[] stats = contexts.get(k).computeIfAbsent(
                        new ArrayList<>(e.getKey().subList(0, k - 1)), x -> new long[2]);
                stats[0] += e.getValue();
                stats[1]++;
                n1 += e.getValue() == 1 ? 1 : 0;
                n2 += e.getValue() == 2 ? 1 : 0;
            }
            discounts[k] = n1 > 0 ? (double) n1 / (n1 + 2.0 * n2) : 0.5;
        }
    }

    double discount(int k) {
        return discounts[k];
    }

    /** p(w | last order−1 ids of context[0..length)), BOS-padded. */
    double probability(int[] context, int length, int w) {
        List<Integer> h = new ArrayList<>();
        for (int j = length - (order - 1); j < length; j++) {
            h.add(j < 0 ? vocabSize : context[j]);
        }
        return p(order, h, w);
    }

    /** p_k(w | h) with |h| = k − 1. */
    private double p(int k, List<Integer> h, int w) {
        if (k == 0) {
            return 1.0 / vocabSize;
        }
        long[] stats = contexts.get(k).get(h);
        List<Integer> shorter = h.isEmpty() ? h : h.subList(1, h.size());
        if (stats == null) {
            return p(k - 1, shorter, w);
        }
        List<Integer> gram = new ArrayList<>(h);
        gram.add(w);
        int c = grams.get(k).getOrDefault(gram, 0);
        double d = discounts[k];
        return Math.max(c - d, 0) / stats[0] + d * stats[1] / stats[0] * p(k - 1, shorter, w);
    }
}
