package dev.telltale.corpus.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.Schemes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code telltale eval --quick} end to end, into {@code target/}: every stated bound holds, and the report,
 * results and plots are written for every scheme. {@code -Dtelltale.full=true} runs the full sizes instead.
 */
class EvaluationQuickTest {
    private static final boolean FULL = Boolean.getBoolean("telltale.full");

    @Test
    void quickEvaluation_meetsEveryStatedBound_andWritesTheReport() throws Exception {
        Path repo = Path.of(System.getProperty("telltale.repo", ".."));
        Path out = Path.of("target", FULL ? "evaluation-full" : "evaluation-quick");
        EvalOptions o = new EvalOptions(!FULL, List.of(Schemes.KGW_V1, Schemes.UNIGRAM_V1, Schemes.KGW_SELFHASH_V1, Schemes.GUMBEL_V1,
                Schemes.SYNTHID_V1), 1, out, repo.resolve("target/telltale-home/models"), "EvaluationQuickTest", System.out);
        EvalResult r = Evaluation.run(o);
        System.out.printf("eval %s: %.1f s, %d checks%n", FULL ? "full" : "quick", r.seconds(), r.checks().size());
        assertTrue(r.failed().isEmpty(), () -> "bounds missed:\n" + r.failed().stream().map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.joining("\n")));
        // 5 schemes x (1 power + 4 calibration + 7 cheap attacks + 1 homoglyph + 1 ROC)
        assertEquals(5 * 14, r.checks().size());
        String md = Files.readString(r.report());
        for (String s : List.of("kgw", "unigram", "kgw-selfhash", "gumbel", "synthid")) {
            assertTrue(md.contains("| " + s + " |"), "report has rows for " + s);
        }
        for (String png : List.of("power-t1.0.png", "power-t0.7.png", "calibration.png", "robustness-substitution.png",
                "robustness-synonyms.png", "paste-roc.png", "quality.png")) {
            byte[] b = Files.readAllBytes(out.resolve(png));
            assertTrue(b.length > 2000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png + " is a PNG");
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(5 * CalibrationEval.ALPHAS.length, json.path("calibration").size());
        assertTrue(json.path("calibration").get(0).has("size_in_interval"), json.path("calibration").get(0)::toString);
        assertEquals(5 * RobustnessEval.attacks().size(), json.path("robustness").size());
        assertEquals(5, json.path("paste").path("roc_10pct_of_2000").size());
    }
}
