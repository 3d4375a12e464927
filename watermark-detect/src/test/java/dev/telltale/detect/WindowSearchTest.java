package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A watermarked passage pasted into human text is found by the window search, with a corrected p-value. */
class WindowSearchTest {
    private static TextTokenizer qwen;
    private static KneserNeyModel model;
    private static List<int[]> brown;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        model = DefaultModels.brownTrigram(qwen, Path.of(System.getProperty("telltale.repo", "."), "target", "telltale-home",
                "models"), null);
        brown = new ArrayList<>();
        for (int[] doc : DefaultModels.brownIds(qwen)) {
            if (doc.length >= 2200) {
                brown.add(doc);
            }
        }
    }

    private static WatermarkKey key(SplittableRandom r) {
        byte[] s = new byte[32];
        r.nextBytes(s);
        return WatermarkKey.fromSecret(s, Schemes.KGW_V1, qwen.ref(), Instant.EPOCH);
    }

    @Test
    void tenPercentPastedPassage_isFoundByWindowSearch_inMostTexts() {
        SplittableRandom r = new SplittableRandom(8);
        int n = Boolean.getBoolean("telltale.full") ? 200 : 30;
        int foundWindowed = 0;
        int foundWhole = 0;
        int located = 0;
        for (int i = 0; i < n; i++) {
            WatermarkKey k = key(r);
            int[] human = brown.get(r.nextInt(brown.size()));
            int[] passage = new Generator(model, Embedders.forKey(k), SamplingConfig.DEFAULT).generate(new int[] {13}, 200, -1, r);
            int at = 200 + r.nextInt(1500);
            int[] text = new int[2000];
            System.arraycopy(human, 0, text, 0, at);
            System.arraycopy(passage, 0, text, at, 200);
            System.arraycopy(human, at, text, at + 200, 1800 - at);
            WindowedDetection w = new Detector(k, qwen, 1e-6).detectWindowedIds(text);
            foundWindowed += w.verdict() == Verdict.WATERMARKED ? 1 : 0;
            foundWhole += w.whole().verdict() == Verdict.WATERMARKED ? 1 : 0;
            int overlap = Math.min(w.windowEndToken(), at + 200) - Math.max(w.windowStartToken(), at);
            located += overlap > 0.5 * (w.windowEndToken() - w.windowStartToken()) ? 1 : 0;
            assertTrue(w.log10PValue() >= w.window().log10PValue(), "the correction can only raise p");
        }
        System.out.printf("window search: 10%% pasted passage found %d/%d (whole text %d/%d), located %d/%d%n", foundWindowed,
                n, foundWhole, n, located, n);
        assertTrue(foundWindowed >= 0.9 * n, foundWindowed + "/" + n);
        assertTrue(foundWindowed >= foundWhole);
        assertTrue(located >= 0.9 * n, located + "/" + n);
    }

    @Test
    void humanText_correctedFalsePositiveRate_isAtMostAlpha() {
        SplittableRandom r = new SplittableRandom(9);
        int trials = 0;
        int positives = 0;
        for (int k = 0; k < 10; k++) {
            Detector d = new Detector(key(r), qwen, 0.01);
            for (int[] doc : brown.subList(0, Math.min(60, brown.size()))) {
                WindowedDetection w = d.detectWindowedIds(Arrays.copyOf(doc, 2000));
                trials++;
                positives += w.verdict() == Verdict.WATERMARKED ? 1 : 0;
                assertTrue(w.windowsTried() > 100, "grid over 2000 tokens");
            }
        }
        // Bonferroni is conservative: the corrected test's FPR must stay below α = 0.01 (upper 99.9% bound).
        double fpr = (double) positives / trials;
        System.out.printf("window search: corrected FPR %.4f over %d human texts at alpha 0.01%n", fpr, trials);
        assertTrue(fpr <= 0.01 + 3.29 * Math.sqrt(0.01 * 0.99 / trials), "FPR " + fpr);
    }

    @Test
    void wholeTextWindow_isIncluded_andShortTextsAreTooShort() {
        SplittableRandom r = new SplittableRandom(10);
        Detector d = new Detector(key(r), qwen, 1e-6);
        WindowedDetection tiny = d.detectWindowedIds(new int[] {1, 2, 3, 4, 5});
        assertEquals(Verdict.TOO_SHORT, tiny.verdict());
        assertEquals(1, tiny.windowsTried());
        WindowedDetection w = d.detectWindowedIds(Arrays.copyOf(brown.get(0), 300));
        assertNotEquals(Verdict.WATERMARKED, w.verdict());
        assertTrue(w.whole().tokensScored() > 250);
    }
}
