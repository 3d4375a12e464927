package dev.telltale.corpus.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run measured and whether it stayed within the stated bounds.
 *
 * @param checks  every stated bound with its outcome
 * @param seconds wall time of the run
 * @param report  the markdown report written
 * @param json    the numbers behind the report, as records (written as {@code results.json})
 */
public record EvalResult(List<Check> checks, double seconds, Path report, Map<String, Object> json) {
    /** The checks that failed. */
    public List<Check> failed() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
