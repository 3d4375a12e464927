package dev.telltale.embed.serve;

import dev.telltale.core.TextTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * The text of a completion as its tokens arrive: decodes the ids so far, ends the text before the first stop
 * sequence, and tells a streaming response which part is final.
 *
 * <p>A prefix of a byte-level token sequence decodes to a prefix of the full text, except that a character
 * split across tokens shows as trailing U+FFFD until its last byte arrives; such characters, and the last
 * (longest stop − 1) characters that could still begin a stop sequence, are held back from
 * {@link #takeDelta}. Decoding the whole sequence at every token costs O(length²) characters, which is
 * small next to a model step for the lengths served ({@link Limits#MAX_TOKENS}).
 */
final class TextTracker {
    private static final char REPLACEMENT = '\uFFFD';
    private final TextTokenizer tokenizer;
    private final List<String> stops;
    private final int holdBack;
    private final boolean trimLeading;
    private final boolean eager;   // decode after every token (streaming or stop sequences)
    private int[] ids = new int[64];
    private int count;
    private String text = "";      // current text, cut at a stop sequence
    private int emitted;           // characters of text already handed out
    private boolean stopped;

    /**
     * @param trimLeading drop leading white space (chat replies)
     * @param streaming   deltas will be read after every token
     */
    TextTracker(TextTokenizer tokenizer, List<String> stops, boolean trimLeading, boolean streaming) {
        this.eager = streaming || !stops.isEmpty();
        this.tokenizer = tokenizer;
        this.stops = stops;
        this.holdBack = stops.stream().mapToInt(String::length).max().orElse(1) - 1;
        this.trimLeading = trimLeading;
    }

    /** Adds a generated token; returns false once the text has reached a stop sequence. */
    boolean add(int id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        if (eager) {
            update();
        }
        return !stopped;
    }

    private void update() {
        String full = tokenizer.decode(Arrays.copyOf(ids, count));
        if (trimLeading) {
            full = full.stripLeading();
        }
        int cut = -1;
        for (String s : stops) {
            int at = full.indexOf(s);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            full = full.substring(0, cut);
            stopped = true;
        }
        text = full;
    }

    /** Text that became final since the last call (empty when nothing did). */
    String takeDelta() {
        int end = text.length();
        if (!stopped) {
            while (end > emitted && text.charAt(end - 1) == REPLACEMENT) {
                end--;
            }
            end = Math.max(emitted, end - holdBack);
        }
        if (end <= emitted) {
            return "";
        }
        if (Character.isHighSurrogate(text.charAt(end - 1)) && !stopped) {
            end--; // never split a surrogate pair across chunks
            if (end <= emitted) {
                return "";
            }
        }
        String d = text.substring(emitted, end);
        emitted = end;
        return d;
    }

    /** Ends the completion: the rest of the text, held-back characters included. */
    String finishDelta() {
        update();
        String d = text.substring(Math.min(emitted, text.length()));
        emitted = text.length();
        return d;
    }

    /** The final text (call after {@link #finishDelta} or when not streaming). */
    String text() {
        update();
        return text;
    }

    boolean stopped() {
        return stopped;
    }

    int tokens() {
        return count;
    }
}
