package dev.telltale.detect.radioactivity;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real parts for radioactivity tests: the Qwen3 tokenizer, the Brown corpus split in two halves (even
 * documents: the teacher's; odd: human text for students), and a Kneser–Ney trigram teacher.
 */
final class Fixtures {
    static final TextTokenizer TOKENIZER = Tokenizers.load(Tokenizers.DEFAULT);
    static final List<int[]> TEACHER_DOCS = new ArrayList<>();
    static final List<int[]> HUMAN_DOCS = new ArrayList<>();
    static final KneserNeyModel TEACHER;

    static {
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < brown.size(); i++) {
            (i % 2 == 0 ? TEACHER_DOCS : HUMAN_DOCS).add(TOKENIZER.encode(brown.get(i).text()));
        }
        TEACHER = KneserNeyModel.train(TEACHER_DOCS, TOKENIZER.vocabSize(), 3);
    }

    private Fixtures() {}

    static WatermarkKey key(SchemeParameters scheme, long seed) {
        byte[] secret = new byte[32];
        new SplittableRandom(seed).nextBytes(secret);
        return WatermarkKey.fromSecret(secret, scheme, TOKENIZER.ref(), Instant.EPOCH);
    }

    static Detector detector(WatermarkKey key) {
        return new Detector(key, TOKENIZER, Detector.DEFAULT_ALPHA);
    }

    /** {@code count} prompts: 8 to 15 tokens taken at random places of the teacher's documents. */
    static List<String> prompts(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            int[] d = TEACHER_DOCS.get(r.nextInt(TEACHER_DOCS.size()));
            int len = 8 + r.nextInt(8);
            if (d.length <= len) {
                continue;
            }
            int s = r.nextInt(d.length - len);
            out.add(TOKENIZER.decode(java.util.Arrays.copyOfRange(d, s, s + len)));
        }
        return out;
    }

    /** Token ids the teacher writes after each prompt, watermarked with {@code key} (or not, when null). */
    static List<int[]> teacherOutputs(WatermarkKey key, List<String> prompts, int tokens, long seed) {
        Generator g = Generator.withMixturePath(TEACHER.copy(), key == null ? null : Embedders.forKey(key), SamplingConfig.DEFAULT);
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (String p : prompts) {
            out.add(g.generate(TOKENIZER.encode(p), tokens, -1, r));
        }
        return out;
    }
}
