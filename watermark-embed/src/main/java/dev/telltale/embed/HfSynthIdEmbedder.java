package dev.telltale.embed;

import dev.telltale.core.HfSynthIdParameters;
import dev.telltale.core.WatermarkKey;
import dev.telltale.core.internal.torch.ContextHistory;
import dev.telltale.core.internal.torch.SynthIdG;

/**
 * {@code hf-synthid} embed step: transformers' {@code SynthIDTextWatermarkLogitsProcessor} on CPU, state
 * and quirks included, for one sequence at a time.
 *
 * <pre>
 * state      ctx = ngram_len − 1 zeros at the first call (the prompt is not used); each later call appends
 *            the previous call's last id and drops the oldest
 * repeated   c = acc(1, ctx); if c is among the last context_history_size context hashes (initially
 *            zeros) the logits are returned unchanged; c is pushed either way
 * otherwise  p = softmax(logits)                                        // [vocab]
 *            for each layer l:  p_v &lt;- p_v · (1 + g_l(v) − Σ_u g_l(u) p_u)  // [vocab], g over the full vocab
 *            logits_v &lt;- log p_v, non-finite values set to −Float.MAX_VALUE
 * </pre>
 * The g-values match HF bit for bit; the arithmetic runs in double and is rounded once to float32, so the
 * output agrees with torch's float32 softmax and sums to within float32 rounding (not bit for bit).
 *
 * <p><b>Stateful</b>, as HF's processor is for the length of one {@code generate()} call: a call whose
 * context is not the previous one plus one id starts a new sequence ({@link #reset()} does it explicitly).
 * One instance per sequence stream and thread. Scratch is allocated once per vocabulary size.
 */
public final class HfSynthIdEmbedder implements LogitsProcessor {
    private final SynthIdG g;
    private final int depth;
    private final int[] ctx;            // [ngram_len − 1] HF's state.context
    private final ContextHistory history;
    private int lastLength = -1;        // context length of the previous call; -1 = no sequence yet
    private int lastEnd;                // context[lastLength − 1] at the previous call
    private double[] probs = new double[0];   // [vocab]
    private long[] patterns = new long[0];    // [vocab] g-values per layer, bit l = g_l (per-token form)
    private int[] residues = new int[0];      // [vocab] hash residue of each token (grouped form)
    private double[] weight = new double[0];  // [residues] Σ p over the tokens of a residue
    private double[] factor = new double[0];  // [residues] product of the layer factors so far
    private final boolean plain;              // force the per-token reference form (tests)

    public HfSynthIdEmbedder(HfSynthIdParameters params) {
        this(params, false);
    }

    /** @param plain always use the per-token reference form of the update (tests compare the two) */
    HfSynthIdEmbedder(HfSynthIdParameters params, boolean plain) {
        this.plain = plain;
        this.g = params.gValues();
        this.depth = params.depth();
        this.ctx = new int[params.ngramLen() - 1];
        this.history = new ContextHistory(params.contextHistorySize());
    }

    /** Starts a new sequence: zero context, empty (all-zero) history, as a fresh HF processor. */
    public void reset() {
        java.util.Arrays.fill(ctx, 0);
        history.reset();
        lastLength = -1;
    }

    @Override
    public void process(int[] context, int length, float[] logits) {
        advance(context, length);
        long c = SynthIdG.contextHash(ctx, 0, ctx.length);
        if (history.checkAndPush(c)) {
            return;
        }
        tournament(c, logits);
    }

    private void advance(int[] context, int length) {
        boolean continues = lastLength >= 0 && length == lastLength + 1
                && (lastLength == 0 || context[lastLength - 1] == lastEnd);
        if (continues) {
            System.arraycopy(ctx, 1, ctx, 0, ctx.length - 1);
            ctx[ctx.length - 1] = context[length - 1];
        } else {
            reset();
        }
        lastLength = length;
        lastEnd = length > 0 ? context[length - 1] : 0;
    }

    private void tournament(long contextHash, float[] logits) {
        int n = logits.length;
        if (probs.length != n) {
            probs = new double[n];
            patterns = new long[n];
            residues = new int[n];
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int v = 0; v < n; v++) {
            double e = Math.exp((double) logits[v] - max);
            probs[v] = e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int v = 0; v < n; v++) {
            probs[v] *= inv;
        }
        if (!plain && g.residueCount() > 0 && n >= g.residueCount()) {
            tournamentByResidue(contextHash);
        } else {
            tournamentPerToken(contextHash);
        }
        for (int v = 0; v < n; v++) {
            float f = (float) Math.log(probs[v]);
            logits[v] = Float.isFinite(f) ? f : -Float.MAX_VALUE;
        }
    }

    /** The reference form: every layer is a pass over the vocabulary. */
    private void tournamentPerToken(long contextHash) {
        int n = probs.length;
        for (int v = 0; v < n; v++) {
            patterns[v] = g.pattern(SynthIdG.accumulate(contextHash, v));
        }
        for (int l = 0; l < depth; l++) {
            double mass = 0;
            for (int v = 0; v < n; v++) {
                if ((patterns[v] >>> l & 1L) != 0) {
                    mass += probs[v];
                }
            }
            double up = 2 - mass;   // 1 + 1 − mass
            double down = 1 - mass; // 1 + 0 − mass
            for (int v = 0; v < n; v++) {
                probs[v] *= (patterns[v] >>> l & 1L) != 0 ? up : down;
            }
        }
    }

    /*
     * Same update, grouped: a token's g-values depend only on its hash residue r (2^16 of them), so every
     * token of residue r is multiplied by the same factor F_r = Π_l (g_l(r) ? 2 − m_l : 1 − m_l). With
     * W_r = Σ_{v in r} p_v, the layer masses are m_l = Σ_r g_l(r) W_r F_r^(l), where F^(l) is the product over
     * the layers before l. Cost: depth passes over the residues instead of over the vocabulary.
     */
    private void tournamentByResidue(long contextHash) {
        int rc = g.residueCount();
        if (weight.length != rc) {
            weight = new double[rc];
            factor = new double[rc];
        }
        java.util.Arrays.fill(weight, 0.0);
        java.util.Arrays.fill(factor, 1.0);
        int n = probs.length;
        for (int v = 0; v < n; v++) {
            int r = g.residue(SynthIdG.accumulate(contextHash, v));
            residues[v] = r;
            weight[r] += probs[v];
        }
        double mass = 0; // m_0
        for (int r = 0; r < rc; r++) {
            if ((g.patternOfResidue(r) & 1L) != 0) {
                mass += weight[r];
            }
        }
        for (int l = 0; l < depth; l++) { // one pass: apply layer l, accumulate m_{l+1}
            double up = 2 - mass;
            double down = 1 - mass;
            double next = 0;
            double step = up - down;
            for (int r = 0; r < rc; r++) { // branch-free: the bits are coin flips
                long pattern = g.patternOfResidue(r) >>> l;
                double f = factor[r] * (down + (pattern & 1L) * step);
                factor[r] = f;
                next += (pattern >>> 1 & 1L) * weight[r] * f;
            }
            mass = next;
        }
        for (int v = 0; v < n; v++) {
            probs[v] *= factor[residues[v]];
        }
    }

    /** Registered through {@code META-INF/services}. */
    public static final class Provider implements EmbedderProvider {
        @Override
        public String schemeId() {
            return HfSynthIdParameters.ID;
        }

        @Override
        public LogitsProcessor create(WatermarkKey key) {
            return new HfSynthIdEmbedder((HfSynthIdParameters) key.scheme());
        }
    }
}
