package dev.telltale.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.embed.djl.TestModels;
import dev.telltale.embed.djl.TorchScriptModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Models#load}: the kind follows the path (file = Kneser–Ney, directory = TorchScript), and the tokenizer check. */
class ModelsTest {
    @TempDir
    Path tmp;

    private static Path models() {
        return TestModels.repo().resolve("testdata/models");
    }

    @Test
    void load_fileIsKneserNey_directoryIsTorchScript_bothCheckedAgainstTheTokenizer() throws IOException {
        TextTokenizer qwen = Tokenizers.load("qwen3");
        Path kn = tmp.resolve("m.ttkn");
        KneserNeyModel trained = KneserNeyModel.train(List.of(qwen.encode("the cat sat on the mat, the dog sat too")),
                qwen.vocabSize(), 3);
        try (OutputStream out = Files.newOutputStream(kn)) {
            trained.write(out);
        }
        LanguageModel a = Models.load(kn, qwen);
        assertInstanceOf(KneserNeyModel.class, a);
        assertEquals(trained.describe(), a.describe());

        LanguageModel b = Models.load(models().resolve("brown-qwen3-tiny"), qwen);
        assertInstanceOf(TorchScriptModel.class, b);
        assertEquals(qwen.vocabSize(), b.vocabSize());
        ((TorchScriptModel) b).close();
    }

    @Test
    void load_modelForAnotherTokenizer_isRefused() throws IOException {
        TextTokenizer qwen = Tokenizers.load("qwen3");
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> Models.load(models().resolve("contract-all-positions"), qwen));
        assertTrue(size.getMessage().contains("has vocabulary 7 but tokenizer 'qwen3' has 151669"), size.getMessage());

        // Same vocabulary size, other tokenizer hash: a copy of the Brown model whose model.json names another file.
        Path dir = Files.createDirectories(tmp.resolve("other"));
        Path src = models().resolve("brown-qwen3-tiny");
        Files.copy(src.resolve("model.pt"), dir.resolve("model.pt"));
        Files.writeString(dir.resolve("model.json"), Files.readString(src.resolve("model.json"))
                .replaceAll("\"tokenizer_sha256\": \"[0-9a-f]+\"", "\"tokenizer_sha256\": \"" + "ab".repeat(32) + "\""));
        IllegalArgumentException hash = assertThrows(IllegalArgumentException.class, () -> Models.load(dir, qwen));
        assertTrue(hash.getMessage().contains("was made for tokenizer 'qwen3' (SHA-256 abababababab"), hash.getMessage());
    }

    @Test
    void load_missingPathOrUnreadableFile_saysWhatAModelIs() throws IOException {
        assertThrows(NoSuchFileException.class, () -> Models.load(tmp.resolve("nothing")));
        Path junk = Files.writeString(tmp.resolve("junk.bin"), "not a model");
        IOException e = assertThrows(IOException.class, () -> Models.load(junk));
        assertTrue(e.getMessage().contains("Kneser-Ney") && e.getMessage().contains("directory holding model.json"),
                e.getMessage());
    }
}
