package dev.telltale.cli;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.TextTokenizer;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.KneserNeyModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Where the CLI keeps the embedded default model: {@code $TELLTALE_HOME/models} (default ~/.cache/telltale). */
final class DefaultModel {
    private DefaultModel() {}

    static Path home() {
        String env = System.getenv("TELLTALE_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "telltale");
    }

    static KneserNeyModel load(TextTokenizer tokenizer, PrintStream log) {
        return DefaultModels.brownTrigram(tokenizer, home().resolve("models"), log);
    }

    static List<String> brownTexts() {
        return EmbeddedCorpora.brown().stream().map(EmbeddedCorpora.Document::text).toList();
    }
}
