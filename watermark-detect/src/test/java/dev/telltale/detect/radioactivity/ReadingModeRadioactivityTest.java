package dev.telltale.detect.radioactivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import dev.telltale.detect.Verdict;
import dev.telltale.embed.KneserNeyModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading mode on n-gram students: a student trained on human text plus 5 % of the teacher's watermarked
 * outputs predicts the teacher's green tokens on our texts; a student of the same human text without them
 * does not. Quick mode trains on 60 human documents (measured: log10 p = −287 for kgw over 6,858 pairs, −4,907
 * for gumbel over 7,282; clean students −1.3 and −0.2); {@code -Dtelltale.full=true} on all 250 (−915 for kgw
 * over 24,381 pairs, −19,346 for gumbel over 28,007).
 */
class ReadingModeRadioactivityTest {
    private static final List<int[]> HUMAN = Boolean.getBoolean("telltale.full") ? Fixtures.HUMAN_DOCS
            : Fixtures.HUMAN_DOCS.subList(0, 60);

    /** Student of order h + 1 on every human document plus watermarked outputs making up {@code fraction} of its tokens. */
    private static KneserNeyModel student(List<int[]> harvest, int order) {
        List<int[]> train = new ArrayList<>(HUMAN);
        train.addAll(harvest);
        return KneserNeyModel.train(train, Fixtures.TOKENIZER.vocabSize(), order);
    }

    private static List<int[]> harvest(WatermarkKey key, double fraction, long seed) {
        long human = HUMAN.stream().mapToLong(d -> d.length).sum();
        int tokens = 40;
        int count = (int) Math.ceil(fraction / (1 - fraction) * human / tokens);
        return Fixtures.teacherOutputs(key, Fixtures.prompts(count, seed), tokens, seed);
    }

    private static void check(SchemeParameters scheme, int order) {
        WatermarkKey key = Fixtures.key(scheme, 31);
        Detector d = Fixtures.detector(key);
        List<int[]> ours = harvest(key, 0.05, 4);
        List<String> texts = new ArrayList<>();
        for (int[] ids : ours) {
            texts.add(Fixtures.TOKENIZER.decode(ids));
        }
        RadioactivityResult radioactive = ReadingModeTest.run(d, student(ours, order), texts, null, Progress.NONE);
        RadioactivityResult clean = ReadingModeTest.run(d, student(List.of(), order), texts, null, Progress.NONE);
        String what = scheme.schemeId() + ": radioactive " + radioactive.toJson() + "\nclean " + clean.toJson();
        assertEquals(Verdict.WATERMARKED, radioactive.detection().verdict(), what);
        assertTrue(radioactive.pairsScored() > 4_000, what);
        assertEquals(Verdict.NOT_DETECTED, clean.detection().verdict(), what);
        assertTrue(clean.pValue() > 1e-3, what);
        assertEquals("reading", radioactive.mode());
    }

    @Test
    void kgwStudent_onFivePercentWatermarkedData_isDetected_cleanStudentIsNot() {
        check(Schemes.KGW_V1, 3);
    }

    @Test
    void gumbelStudent_onFivePercentWatermarkedData_isDetected_cleanStudentIsNot() {
        check(Schemes.GUMBEL_V1, 5);
    }

    @Test
    void suspectWithAnotherVocabulary_isRefused() {
        Detector d = Fixtures.detector(Fixtures.key(Schemes.KGW_V1, 1));
        KneserNeyModel other = KneserNeyModel.train(List.of(new int[] {1, 2, 3}), 50, 3);
        String m = assertThrows(IllegalArgumentException.class,
                () -> ReadingModeTest.run(d, other, List.of("text"), null, Progress.NONE)).getMessage();
        assertTrue(m.contains("vocabulary 50"), m);
    }
}
