package dev.telltale.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.HfKgwParameters;
import dev.telltale.core.HfSynthIdParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HF-compatible modes end to end on the embedded default model (Brown trigram, Qwen3 tokenizer):
 * 200-token completions at temperature 1 made with each mode's embedder, decoded to text and detected from
 * the text by the same mode at p ≤ 1e-6; Brown segments (human text) are not detected, and the false
 * positive count at α = 0.01 stays inside its binomial interval. Quick sizes; {@code -Dtelltale.full=true}
 * runs more.
 */
class HfModesPowerTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");
    private static final String[] PROMPTS = {"The jury said", "In the morning", "He told them that", "It was", "The new"};
    private static TextTokenizer qwen;
    private static KneserNeyModel model;
    private static List<int[]> brown;

    @BeforeAll
    static void load() {
        qwen = Tokenizers.load("qwen3");
        model = Fixtures.defaultModel(qwen, System.out);
        brown = DefaultModels.brownIds(qwen);
    }

    private static WatermarkKey key(SchemeParameters p) {
        return WatermarkKey.generate(p, qwen.ref(), new SecureRandom());
    }

    /** HF's defaults per mode, plus selfhash with the 4-token window of the KGW reliability paper. */
    private static List<SchemeParameters> modes() {
        return List.of(HfKgwParameters.hfDefaults(HfKgwParameters.SeedingScheme.LEFTHASH, qwen.vocabSize()),
                HfKgwParameters.hfDefaults(HfKgwParameters.SeedingScheme.SELFHASH, qwen.vocabSize()),
                new HfKgwParameters(HfKgwParameters.SeedingScheme.SELFHASH, HfKgwParameters.DEFAULT_HASHING_KEY, 0.25, 2.0, 4,
                        qwen.vocabSize()),
                HfSynthIdParameters.hfDefaults());
    }

    /**
     * Detection from text at p ≤ 1e-6: ≥ 95 % of completions for lefthash and SynthID; ≥ 90 % for selfhash
     * with a 4-token window (only the top 40 candidates are biased, and windows sharing their min-hash
     * anchor share a seed, so fewer positions are distinct: measured 39/40). HF's default selfhash
     * (context_width 1) is a Unigram test in disguise: the green list depends on the token alone, so with
     * dedup only the ~115 distinct tokens of a completion count and 200 tokens reach about 1e-4 (measured
     * 5/40 at 1e-6, 40/40 at 1e-2); it is asserted at p ≤ 1e-2.
     */
    @Test
    void hfModes_detectTheirOwn200TokenCompletions_fromText() {
        int perMode = FULL ? 100 : 10;
        SplittableRandom r = new SplittableRandom(2027);
        for (SchemeParameters p : modes()) {
            boolean selfHash = p instanceof HfKgwParameters k && k.seedingScheme() == HfKgwParameters.SeedingScheme.SELFHASH;
            boolean unigramLike = selfHash && p.contextWidth() == 1;
            double log10Alpha = unigramLike ? -2 : -6;
            double required = selfHash ? 0.90 : 0.95;
            WatermarkKey key = key(p);
            Detector detector = new Detector(key, qwen, 1e-6);
            int detected = 0;
            int atOneInAMillion = 0;
            double worst = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < perMode; i++) {
                Generator g = new Generator(model, Embedders.forKey(key), SamplingConfig.DEFAULT);
                int[] ids = g.generate(qwen.encode(PROMPTS[i % PROMPTS.length]), 200, -1, r);
                Detection d = detector.detect(qwen.decode(ids));
                detected += d.log10PValue() <= log10Alpha ? 1 : 0;
                atOneInAMillion += d.verdict() == Verdict.WATERMARKED ? 1 : 0;
                worst = Math.max(worst, d.log10PValue());
                assertTrue(d.tokensScored() >= 80, p.schemeId() + ": only " + d.tokensScored() + " positions scored");
            }
            System.out.printf("%s (context width %d): %d/%d completions at p <= 1e-6, %d/%d at p <= 1e%d (worst log10 p %.1f)%n",
                    p.schemeId(), p.contextWidth(), atOneInAMillion, perMode, detected, perMode, (int) log10Alpha, worst);
            assertTrue(detected >= Math.ceil(required * perMode), p.schemeId() + ": " + detected + "/" + perMode + " detected");
        }
    }

    @Test
    void hfModes_brownHumanText_isNotDetected_andTheNullIsCalibrated() {
        int segments = FULL ? 500 : 100;
        for (SchemeParameters p : modes()) {
            Detector detector = new Detector(key(p), qwen, 0.01);
            int atOnePercent = 0;
            int atOneInAMillion = 0;
            int used = 0;
            long pooledT = 0;
            double pooledS = 0;
            for (int[] doc : brown) {
                if (used == segments) {
                    break;
                }
                if (doc.length < 300) {
                    continue;
                }
                Detection d = detector.detectIds(Arrays.copyOf(doc, 300));
                used++;
                pooledT += d.tokensScored();
                pooledS += d.score();
                atOnePercent += d.log10PValue() <= -2 ? 1 : 0;
                atOneInAMillion += d.log10PValue() <= -6 ? 1 : 0;
            }
            // Under H0 a scored position is green with probability G/V (KGW), a layer's g is 1 with probability 1/2 (SynthID).
            double expected = p instanceof HfKgwParameters k ? k.greenProbability() : 0.5;
            double observed = p instanceof HfSynthIdParameters s ? pooledS / (pooledT * s.depth()) : pooledS / pooledT;
            System.out.printf("%s (context width %d): %d/%d Brown segments at p <= 0.01, %d at p <= 1e-6; pooled rate %.4f "
                    + "(null %.4f, %d positions)%n", p.schemeId(), p.contextWidth(), atOnePercent, used, atOneInAMillion, observed,
                    expected, pooledT);
            assertEquals(expected, observed, 0.02, p.schemeId() + ": human text's green rate / mean g is off the null");
            assertEquals(segments, used);
            assertEquals(0, atOneInAMillion, p.schemeId() + ": Brown text called watermarked");
            // P(Binomial(100, 0.01) >= 6) = 5e-4; P(Binomial(500, 0.01) >= 13) = 1e-3
            assertTrue(atOnePercent <= (FULL ? 12 : 5), p.schemeId() + ": " + atOnePercent + " false positives at alpha 0.01");
        }
    }
}
