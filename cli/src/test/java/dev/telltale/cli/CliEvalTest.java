package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code telltale eval}: bad options are one-line usage errors before any work starts. The evaluation itself runs
 * (quick mode, every bound checked) in corpus-tools' {@code EvaluationQuickTest}.
 */
class CliEvalTest {
    @TempDir
    static Path dir;

    @Test
    void eval_unknownScheme_exits2NamingTheEvaluatedSchemes() {
        String line = new CliRunner(dir).run("eval", "--quick", "--schemes", "kgw,hf-kgw-lefthash", "--out",
                dir.resolve("e").toString()).usageError();
        assertTrue(line.contains("'hf-kgw-lefthash'") && line.contains("kgw-selfhash"), line);
    }

    @Test
    void eval_help_listsQuickOutSchemesSeed() {
        CliRunner.Result r = new CliRunner(dir).run("help", "eval").ok();
        for (String opt : new String[] {"--quick", "--out", "--schemes", "--seed", "--json"}) {
            assertTrue(r.stdout().contains(opt), opt + " in\n" + r.stdout());
        }
    }
}
