package dev.telltale.embed;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.TextTokenizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default model: an interpolated Kneser–Ney trigram over a tokenizer's ids, trained on the
 * packaged Brown corpus. Built on first use (seconds) and cached in a directory the caller chooses.
 */
public final class DefaultModels {
    /** Bump when the training recipe changes so stale caches are not reused. */
    static final String RECIPE = "kn3-brown-v1";

    private DefaultModels() {}

    /**
     * Loads the cached Brown trigram for {@code tokenizer} from {@code cacheDir}, training and caching it
     * when absent or unreadable.
     *
     * @param log where to say that a build is happening (may be null)
     */
    public static KneserNeyModel brownTrigram(TextTokenizer tokenizer, Path cacheDir, PrintStream log) {
        Path file = cacheDir.resolve(RECIPE + "-" + tokenizer.id().replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                + tokenizer.sha256().substring(0, 12) + ".ttkn");
        try {
            if (Files.isRegularFile(file)) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    KneserNeyModel m = KneserNeyModel.read(in);
                    if (m.vocabSize() == tokenizer.vocabSize()) {
                        return m;
                    }
                } catch (IOException | RuntimeException e) {
                    say(log, "cached model " + file + " is unreadable (" + e.getMessage() + "); rebuilding it");
                }
            }
            say(log, "building the default model (Kneser-Ney trigram on the Brown corpus, first use only)...");
            long t0 = System.nanoTime();
            KneserNeyModel model = KneserNeyModel.train(brownIds(tokenizer), tokenizer.vocabSize(), 3);
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "model", ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                model.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            say(log, String.format("built %s in %.1f s, cached at %s", model.describe(), (System.nanoTime() - t0) / 1e9, file));
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build or cache the default model in " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    /** The Brown documents as token ids. */
    public static List<int[]> brownIds(TextTokenizer tokenizer) {
        List<int[]> docs = new ArrayList<>();
        for (EmbeddedCorpora.Document d : EmbeddedCorpora.brown()) {
            docs.add(tokenizer.encode(d.text()));
        }
        return docs;
    }

    private static void say(PrintStream log, String s) {
        if (log != null) {
            log.println(s);
        }
    }
}
