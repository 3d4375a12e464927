package dev.telltale.embed.djl;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the committed test model and its reference logits live (testdata/, found from the repository root). */
public final class TestModels {
    static final String NAME = "brown-qwen3-tiny";

    private TestModels() {}

    /** The repository root: {@code telltale.repo} if it holds testdata/, else the nearest parent that does. */
    public static Path repo() {
        String r = System.getProperty("telltale.repo");
        if (r != null && Files.isDirectory(Path.of(r, "testdata", "models"))) {
            return Path.of(r);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/models"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find testdata/models from " + Path.of("").toAbsolutePath()
                + "; run the tests from the repository (or set -Dtelltale.repo)");
    }

    /** testdata/models/brown-qwen3-tiny: made by testdata/scripts/make_torchscript_lm.py. */
    public static Path tinyModelDir() {
        return repo().resolve("testdata/models/" + NAME);
    }

    /** testdata/vectors/torchscript_lm.json: PyTorch's logits for the model above. */
    public static Path vectors() {
        return repo().resolve("testdata/vectors/torchscript_lm.json");
    }
}
