package dev.telltale.corpus.eval;

/**
 * Sample sizes of one run.
 *
 * @param completions      watermarked completions per scheme and temperature (one key each)
 * @param tokensAtT10      their length at temperature 1.0 (power, robustness, pasted passages)
 * @param tokensAtT07      their length at temperature 0.7 (power)
 * @param lengths          prefix lengths of the power table
 * @param calibrationKeys  random keys per scheme for the false-positive rate
 * @param segmentsPerKey   human segments tested under each of them
 * @param segmentTokens    tokens per human segment
 * @param robustTokens     length of the texts that are attacked
 * @param pasteTotal       tokens of a human text with a pasted passage (5, 10, 25 %)
 * @param aucNegatives     2,000-token human texts of the ROC experiment (positives: 4 passages per completion)
 * @param qualityTokens    tokens of each completion scored for quality
 */
record Sizes(int completions, int tokensAtT10, int tokensAtT07, int[] lengths, int calibrationKeys, int segmentsPerKey,
             int segmentTokens, int robustTokens, int pasteTotal, int aucNegatives, int qualityTokens) {
    static final int AUC_TOTAL = 2000;
    static final int AUC_PASSAGE = 200;

    static final Sizes QUICK = new Sizes(6, 400, 200, new int[] {25, 50, 100, 200}, 3000, 1, 200, 200, 1000, 24, 200);
    static final Sizes FULL = new Sizes(40, 800, 800, new int[] {25, 50, 100, 200, 400, 800}, 50_000, 1, 200, 400, 2000,
            200, 200);

    int calibrationTrials() {
        return calibrationKeys * segmentsPerKey;
    }
}
