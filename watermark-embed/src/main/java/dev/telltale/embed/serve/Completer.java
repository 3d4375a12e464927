package dev.telltale.embed.serve;

import dev.telltale.core.TextTokenizer;
import dev.telltale.embed.Generator;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.LogitsProcessor;
import dev.telltale.embed.SamplingConfig;
import dev.telltale.embed.TopToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Generates one choice: the watermarked decoding loop ({@link Generator}, on the n-gram models' exact
 * mixture path when it applies) or, at temperature 0, greedy decoding of the watermarked logits
 * ({@link TopToken}); the text
 * is tracked for stop sequences and streamed as it becomes final.
 */
final class Completer {
    /** One generated choice: its text, how many tokens were generated, and why it ended. */
    record Choice(String text, int completionTokens, String finishReason) {}

    /** Receives streamed text; an IOException (client gone) ends generation. */
    interface DeltaSink {
        void accept(String delta) throws IOException;
    }

    private Completer() {}

    /**
     * @param model       an instance owned by the calling thread
     * @param watermark   the request's processor, or null
     * @param trimLeading drop leading white space (chat replies)
     * @param sink        receives text deltas when streaming, else null
     */
    static Choice run(LanguageModel model, LogitsProcessor watermark, TextTokenizer tokenizer, int[] prompt,
                      SamplingParams p, RandomGenerator rng, boolean trimLeading, DeltaSink sink) throws IOException {
        TextTracker tracker = new TextTracker(tokenizer, p.stop(), trimLeading, sink != null);
        int[] seq = Arrays.copyOf(prompt, prompt.length + p.maxTokens());
        int len = prompt.length;
        Step step = p.temperature() == 0 ? greedy(model, watermark)
                : Generator.withMixturePath(model, watermark, new SamplingConfig(p.temperature(), p.topK(), p.topP()))::next;
        boolean stopped = false;
        while (len < seq.length) {
            int next = step.next(seq, len, rng);
            seq[len++] = next;
            if (!tracker.add(next)) {
                stopped = true;
                break;
            }
            if (sink != null) {
                String d = tracker.takeDelta();
                if (!d.isEmpty()) {
                    sink.accept(d);
                }
            }
        }
        if (sink != null) {
            String d = tracker.finishDelta();
            if (!d.isEmpty()) {
                sink.accept(d);
            }
        }
        return new Choice(tracker.text(), tracker.tokens(), stopped ? "stop" : "length");
    }

    /** One decoding step. */
    @FunctionalInterface
    private interface Step {
        int next(int[] seq, int length, RandomGenerator rng);
    }

    /** Greedy decoding (see {@link TopToken}). */
    private static Step greedy(LanguageModel model, LogitsProcessor watermark) {
        TopToken top = new TopToken(model, watermark);
        return (seq, length, rng) -> top.next(seq, length);
    }
}
