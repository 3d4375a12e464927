package dev.telltale.corpus.eval;

import dev.telltale.core.SchemeParameters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Evaluation#run} evaluates and where it writes.
 *
 * @param quick      small sizes (CI, under two minutes) instead of the full ones
 * @param schemes    the schemes, each under its preset, one fresh key per text
 * @param seed       every key, prompt, sample and attack derives from it: a run is reproducible
 * @param out        directory for the PNG plots and {@code results.json}; the report goes to {@code out + ".md"}
 * @param modelCache where the default model is cached ({@code DefaultModels.brownTrigram})
 * @param command    the command line to print in the report
 * @param log        progress lines (may be null)
 */
public record EvalOptions(boolean quick, List<SchemeParameters> schemes, long seed, Path out, Path modelCache,
                          String command, PrintStream log) {
    public EvalOptions {
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("no scheme to evaluate");
        }
        schemes = List.copyOf(schemes);
    }

    /** The markdown report: {@code out} with {@code .md} appended ({@code docs/evaluation} -> {@code docs/evaluation.md}). */
    public Path report() {
        return out.resolveSibling(out.getFileName() + ".md");
    }

    Sizes sizes() {
        return quick ? Sizes.QUICK : Sizes.FULL;
    }

    void say(String line) {
        if (log != null) {
            log.println(line);
            log.flush();
        }
    }
}
