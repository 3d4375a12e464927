package dev.telltale.corpus.simulate;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The packaged Brown corpus as token ids, split at random (by seed) into two halves of documents: the
 * teacher's training text and the human text students train on. Tokenised once per tokenizer and process.
 */
final class BrownSplit {
    private static final Map<String, List<int[]>> TOKENISED = new ConcurrentHashMap<>();
    final List<int[]> teacher;
    final List<int[]> human;

    private BrownSplit(List<int[]> teacher, List<int[]> human) {
        this.teacher = teacher;
        this.human = human;
    }

    /**
     * @param humanShare share of the human half students get (1 = all of it; smaller for quick runs)
     */
    static BrownSplit of(TextTokenizer tokenizer, long seed, double humanShare) {
        List<int[]> docs = new ArrayList<>(TOKENISED.computeIfAbsent(tokenizer.sha256(), k -> tokenise(tokenizer)));
        Collections.shuffle(docs, new Random(seed));
        int half = docs.size() / 2;
        List<int[]> human = docs.subList(half, docs.size());
        return new BrownSplit(List.copyOf(docs.subList(0, half)),
                List.copyOf(human.subList(0, Math.max(1, (int) Math.round(human.size() * humanShare)))));
    }

    private static List<int[]> tokenise(TextTokenizer tokenizer) {
        List<int[]> out = new ArrayList<>();
        for (EmbeddedCorpora.Document d : EmbeddedCorpora.brown()) {
            out.add(tokenizer.encode(d.text()));
        }
        return List.copyOf(out);
    }

    static long tokens(List<int[]> docs) {
        return docs.stream().mapToLong(d -> d.length).sum();
    }

    /** {@code count} prompts: spans of 8 to 15 tokens at random places of the teacher's documents, as text. */
    List<String> prompts(TextTokenizer tokenizer, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(count);
        while (out.size() < count) {
            int[] d = teacher.get(r.nextInt(teacher.size()));
            int len = 8 + r.nextInt(8);
            if (d.length <= len) {
                continue;
            }
            int s = r.nextInt(d.length - len);
            String p = tokenizer.decode(Arrays.copyOfRange(d, s, s + len));
            if (!p.isBlank() && p.indexOf('\uFFFD') < 0) {
                out.add(p);
            }
        }
        return out;
    }
}
