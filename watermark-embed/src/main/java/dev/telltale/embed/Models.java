package dev.telltale.embed;

import dev.telltale.core.TextTokenizer;
import dev.telltale.embed.djl.TorchScriptModel;
import dev.telltale.embed.djl.TorchScriptSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens a language model by path, whatever its kind: a directory is a TorchScript model
 * ({@code model.json} + the TorchScript file, see {@link TorchScriptModel}); a file is a Kneser–Ney model
 * written by {@code telltale train-ngram} ({@link KneserNeyModel#read}, gzip accepted).
 *
 * <p>A TorchScript model holds native memory: close it ({@code instanceof AutoCloseable}) when done, or let
 * the process exit.
 */
public final class Models {
    private Models() {}

    /**
     * Loads the model at {@code path}.
     *
     * @throws IOException when the path does not exist or does not hold a readable model of either kind
     *                     (the message says which kind was expected and what is wrong)
     */
    public static LanguageModel load(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return TorchScriptModel.load(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no model file or TorchScript model directory");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return KneserNeyModel.read(in);
        } catch (IOException e) {
            throw new IOException("cannot read " + path + " as a Kneser-Ney model file (" + e.getMessage()
                    + "); a TorchScript model is a directory holding " + TorchScriptSpec.FILE_NAME, e);
        }
    }

    /**
     * Loads the model at {@code path} and checks that it speaks {@code tokenizer}'s ids: the same vocabulary
     * size and, for a TorchScript model, the tokenizer its {@code model.json} names (by SHA-256 when recorded,
     * else by id).
     *
     * @throws IOException              as {@link #load(Path)}
     * @throws IllegalArgumentException when the model was made for another tokenizer (the model is closed)
     */
    public static LanguageModel load(Path path, TextTokenizer tokenizer) throws IOException {
        LanguageModel m = load(path);
        String problem = null;
        if (m.vocabSize() != tokenizer.vocabSize()) {
            problem = "has vocabulary " + m.vocabSize() + " but tokenizer '" + tokenizer.id() + "' has " + tokenizer.vocabSize();
        } else if (m instanceof TorchScriptModel t) {
            TorchScriptSpec s = t.spec();
            if (s.tokenizerSha256() != null ? !s.tokenizerSha256().equals(tokenizer.sha256()) : !s.tokenizer().equals(tokenizer.id())) {
                problem = "was made for tokenizer '" + s.tokenizer() + "'"
                        + (s.tokenizerSha256() == null ? "" : " (SHA-256 " + s.tokenizerSha256().substring(0, 12) + "…)")
                        + ", not '" + tokenizer.id() + "' (SHA-256 " + tokenizer.sha256().substring(0, 12) + "…)";
            }
        }
        if (problem != null) {
            if (m instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a model we refuse; nothing to report
                }
            }
            throw new IllegalArgumentException("model " + path + " " + problem);
        }
        return m;
    }
}
