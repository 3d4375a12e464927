package dev.telltale.detect;

/**
 * Windowed detection (DESIGN.md §6): finds the window of scored positions with the smallest p-value and
 * corrects it for the number of windows tried (Bonferroni).
 *
 * <p>Windows: sizes w = 32, 64, 128, … up to T (plus T itself), starts on a stride of w/4, each window
 * over consecutive <em>scored</em> positions (after per-text dedup). With n windows tried, the corrected
 * p-value min(1, n · p_min) is a valid p-value whatever the dependence between windows [1]; the grid keeps
 * n ≈ 8·T/32 small, so the correction costs little power while a passage of length L is still covered by
 * a window of size ≥ L/2 lying inside it.
 *
 * <p>[1] Bonferroni inequality: P(min_i p_i ≤ α/n) ≤ Σ_i P(p_i ≤ α/n) ≤ α.
 */
final class WindowSearch {
    static final int MIN_WINDOW = 32;

    private WindowSearch() {}

    static WindowedDetection search(Detector detector, int[] ids) {
        TokenScorer scorer = detector.scorer();
        int h = scorer.contextWidth();
        boolean sequence = scorer instanceof SequenceScorer; // the scheme walks the ids: own PRF, masks and dedup
        PairTape tape = sequence ? null : detector.newTape(Math.max(detector.tokenizer().vocabSize(), Detector.maxId(ids) + 1));
        // [T] token index of each scored position, and prefix sums of scores: prefix[i] = Σ_{j<i} score_j
        int[] position = new int[Math.max(0, ids.length - h)];
        double[] prefix = new double[position.length + 1];
        int t = 0;
        if (sequence) {
            Detector.maxId(ids);
            double[] scores = new double[ids.length];
            position = new int[ids.length];
            prefix = new double[ids.length + 1];
            t = ((SequenceScorer) scorer).scoreSequence(ids, position, scores);
            for (int j = 0; j < t; j++) {
                prefix[j + 1] = prefix[j] + scores[j];
            }
        }
        for (int i = h; i < ids.length && !sequence; i++) {
            if (!tape.add(ids, i + 1)) {
                continue;
            }
            position[t] = i;
            prefix[t + 1] = prefix[t] + scorer.score(detector.prf().seed(ids, i - h, i), ids[i]);
            t++;
        }
        Detection whole = detector.result(ids.length, t, prefix[t]);
        long tried = 1;
        double best = whole.log10PValue();
        int bestFrom = 0;
        int bestTo = t;
        for (int w = MIN_WINDOW; w < t; w *= 2) {
            int stride = Math.max(1, w / 4);
            for (int from = 0; from + w <= t; from += stride) {
                double lp = scorer.log10PValue(w, prefix[from + w] - prefix[from]);
                tried++;
                if (lp < best) {
                    best = lp;
                    bestFrom = from;
                    bestTo = from + w;
                }
            }
        }
        int startToken = t == 0 ? 0 : Math.max(0, position[bestFrom] - h);
        int endToken = t == 0 ? ids.length : position[bestTo - 1] + 1;
        Detection window = detector.result(endToken - startToken, bestTo - bestFrom, prefix[bestTo] - prefix[bestFrom]);
        double corrected = Math.min(0.0, best + Math.log10(tried));
        Verdict v = t < Detector.MIN_SCORED_TOKENS ? Verdict.TOO_SHORT
                : (corrected <= Math.log10(detector.alpha()) ? Verdict.WATERMARKED : Verdict.NOT_DETECTED);
        return new WindowedDetection(whole, window, startToken, endToken, tried, corrected, v);
    }
}
