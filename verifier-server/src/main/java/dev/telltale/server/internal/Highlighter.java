package dev.telltale.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.TextTokenizer;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PairTape;
import dev.telltale.detect.SequenceScorer;
import dev.telltale.detect.TokenScorer;
import java.util.Arrays;

/**
 * Per-token scores for privileged readers: for each token its text and, where it was scored (full window,
 * first occurrence of its tuple), its score, plus {@code green} for green-list schemes. This is exactly the
 * information a watermark-stealing attacker wants, so only analysts see it.
 */
public final class Highlighter {
    /** Scores by position; NaN = not scored (no full window, or a repeated tuple). */
    public record Scores(int[] ids, double[] scores) {}

    private Highlighter() {}

    /** The score of each position, following the detector's own rules (same T and S as its detection). */
    public static Scores score(Detector detector, int[] ids) {
        double[] scores = new double[ids.length];
        Arrays.fill(scores, Double.NaN);
        TokenScorer scorer = detector.scorer();
        if (scorer instanceof SequenceScorer s) {
            int[] positions = new int[ids.length];
            double[] values = new double[ids.length];
            int n = s.scoreSequence(ids, positions, values);
            for (int i = 0; i < n; i++) {
                scores[positions[i]] = values[i];
            }
            return new Scores(ids, scores);
        }
        int h = scorer.contextWidth();
        PairTape tape = new PairTape(detector.tokenizer().vocabSize(), h);
        for (int t = h; t < ids.length; t++) {
            if (tape.add(ids, t + 1)) {
                scores[t] = scorer.score(detector.key().prf().seed(ids, t - h, t), ids[t]);
            }
        }
        return new Scores(ids, scores);
    }

    /** [{"text":…, "score":…|null, "green":…}] with the tokens' text (bytes that split a character are grouped). */
    public static ArrayNode json(Scores s, TextTokenizer tokenizer, Detection d) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        String[] pieces = pieces(s.ids(), tokenizer);
        boolean green = d.isGreenCount();
        for (int i = 0; i < s.ids().length; i++) {
            ObjectNode o = out.addObject();
            o.put("text", pieces[i]);
            if (Double.isNaN(s.scores()[i])) {
                o.putNull("score");
            } else {
                o.put("score", s.scores()[i]);
                if (green) {
                    o.put("green", s.scores()[i] > 0);
                }
            }
        }
        return out;
    }

    /**
     * The text of each token. A byte-level token may hold part of a UTF-8 character; such tokens are decoded
     * together with the following ones (up to 4) and the text goes to the first, "" to the rest.
     */
    public static String[] pieces(int[] ids, TextTokenizer tokenizer) {
        String[] out = new String[ids.length];
        int i = 0;
        while (i < ids.length) {
            int j = i + 1;
            String t = tokenizer.decode(new int[] {ids[i]});
            while (t.indexOf('\uFFFD') >= 0 && j < ids.length && j - i < 4) {
                j++;
                String longer = tokenizer.decode(Arrays.copyOfRange(ids, i, j));
                if (longer.indexOf('\uFFFD') < 0) {
                    t = longer;
                    break;
                }
            }
            if (t.indexOf('\uFFFD') >= 0) {
                j = i + 1; // a real replacement character, or bytes that never complete: keep one token
                t = tokenizer.decode(new int[] {ids[i]});
            }
            out[i] = t;
            for (int k = i + 1; k < j; k++) {
                out[k] = "";
            }
            i = j;
        }
        return out;
    }
}
