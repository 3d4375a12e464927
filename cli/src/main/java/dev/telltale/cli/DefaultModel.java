package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.TextTokenizer;
import dev.telltale.embed.KneserNeyModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default model: an interpolated Kneser–Ney trigram over the key tokenizer's ids, trained on
 * the Brown corpus packaged in {@code telltale-testdata}. Built on first use (a few seconds) and cached
 * under {@code $TELLTALE_HOME/models} (default {@code ~/.cache/telltale/models}).
 */
final class DefaultModel {
    static final String BROWN = "telltale-testdata/corpora/brown.jsonl";
    private static final String FORMAT_TAG = "kn3-brown-v1";

    private DefaultModel() {}

    static Path home() {
        String env = System.getenv("TELLTALE_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "telltale");
    }

    /** Loads the cached default model for {@code tokenizer}, training and caching it if needed. */
    static KneserNeyModel load(TextTokenizer tokenizer, PrintStream log) {
        Path file = home().resolve("models").resolve(FORMAT_TAG + "-" + tokenizer.id().replaceAll("[^A-Za-z0-9_.-]", "_")
                + "-" + tokenizer.sha256().substring(0, 12) + ".ttkn");
        try {
            if (Files.isRegularFile(file)) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    return KneserNeyModel.read(in);
                } catch (IOException | RuntimeException e) {
                    log.println("cached model " + file + " is unreadable (" + e.getMessage() + "); rebuilding it");
                }
            }
            log.println("building the default model (Kneser-Ney trigram on the Brown corpus, first use only)...");
            long t0 = System.nanoTime();
            KneserNeyModel model = KneserNeyModel.train(brownDocuments(tokenizer), tokenizer.vocabSize(), 3);
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "model", ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                model.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.printf("built %s in %.1f s, cached at %s%n", model.describe(), (System.nanoTime() - t0) / 1e9, file);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build or cache the default model: " + e.getMessage(), e);
        }
    }

    /** Brown documents as texts, in corpus order. */
    static List<String> brownTexts() {
        List<String> texts = new ArrayList<>();
        try (InputStream in = DefaultModel.class.getClassLoader().getResourceAsStream(BROWN)) {
            if (in == null) {
                throw new IllegalStateException("Brown corpus missing from the classpath (" + BROWN + ")");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    JsonNode n = Json.MAPPER.readTree(line);
                    texts.add(n.path("text").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    static List<int[]> brownDocuments(TextTokenizer tokenizer) {
        List<int[]> docs = new ArrayList<>();
        for (String t : brownTexts()) {
            docs.add(tokenizer.encode(t));
        }
        return docs;
    }
}
