package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.Schemes;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key files that cannot be used make {@code detect} exit 2 with one clear line: wrong or missing passphrase,
 * missing file, truncated JSON, a flipped ciphertext character, an edited key id, a key made for another
 * tokenizer. Sealed cases run in child JVMs (the passphrase comes only from the environment); the others in
 * this JVM on insecure-plaintext keys.
 */
class CliKeyFileErrorsTest {
    private static final String PASSPHRASE = "tr0ub4dor&3";
    private static final Map<String, String> WITH_PASSPHRASE = Map.of(Passphrases.ENV, PASSPHRASE);

    @TempDir
    static Path dir;

    static CliRunner cli;
    static Path sealedKey;
    static Path plainKey;
    static Path text;

    @BeforeAll
    static void keysAndText() throws Exception {
        cli = new CliRunner(dir);
        WatermarkKey key = WatermarkKey.generate(Schemes.KGW_V1, Tokenizers.load("qwen3").ref(), new SecureRandom());
        sealedKey = dir.resolve("sealed.key");
        KeyFiles.writeSealed(key, sealedKey, PASSPHRASE.toCharArray());
        cli.secret(key.revealSecret());
        plainKey = dir.resolve("plain.key");
        cli.run("keygen", "--insecure-plaintext", "--out", plainKey.toString()).ok();
        cli.secretOf(plainKey);
        text = dir.resolve("text.txt");
        Files.writeString(text, "The jury said that the election had been conducted fairly, and that no evidence of "
                + "irregularities was found in the returns of the county's precincts.");
    }

    @AfterAll
    static void noSecretWasPrinted() {
        cli.assertNoSecretPrinted();
    }

    /** The fixture itself works, so the failures below are caused by what each test changes. */
    @Test
    void detect_sealedKeyWithRightPassphrase_exits0() {
        cli.spawn(WITH_PASSPHRASE, null, "detect", "--key", sealedKey.toString(), "--json", text.toString()).ok().json();
    }

    @Test
    void detect_wrongPassphrase_exits2WithOneLineAboutThePassphrase() {
        String reason = cli.spawn(Map.of(Passphrases.ENV, PASSPHRASE + "!"), null, "detect", "--key", sealedKey.toString(),
                text.toString()).usageError();
        assertTrue(reason.contains("passphrase"), reason);
    }

    @Test
    void detect_sealedKeyWithoutPassphrase_exits2NamingTheVariable() {
        String reason = cli.spawn("detect", "--key", sealedKey.toString(), text.toString()).usageError();
        assertTrue(reason.contains(Passphrases.ENV), reason);
    }

    @Test
    void detect_flippedCiphertextCharacter_exits2SayingTheFileWasModified() throws Exception {
        Path key = edited(sealedKey, "flipped.key", root -> {
            ObjectNode sealed = (ObjectNode) root.get("sealed_secret");
            char[] c = sealed.get("ciphertext").asText().toCharArray();
            int i = c.length / 2;
            c[i] = c[i] == 'A' ? 'B' : 'A';
            sealed.put("ciphertext", new String(c));
        });
        String reason = cli.spawn(WITH_PASSPHRASE, null, "detect", "--key", key.toString(), text.toString()).usageError();
        assertTrue(reason.contains("modified"), reason);
    }

    /** The key id is authenticated data of the seal, so editing it breaks the seal. */
    @Test
    void detect_editedKeyIdInSealedFile_exits2SayingTheFileWasModified() throws Exception {
        Path key = edited(sealedKey, "sealed-id.key", root -> root.put("key_id", "0123456789abcdef"));
        String reason = cli.spawn(WITH_PASSPHRASE, null, "detect", "--key", key.toString(), text.toString()).usageError();
        assertTrue(reason.contains("modified"), reason);
    }

    @Test
    void detect_editedKeyIdInPlaintextFile_exits2SayingCorrupted() throws Exception {
        Path key = edited(plainKey, "plain-id.key", root -> root.put("key_id", "0123456789abcdef"));
        String reason = cli.run("detect", "--key", key.toString(), text.toString()).usageError();
        assertTrue(reason.contains("corrupted") && reason.contains("key id"), reason);
    }

    @Test
    void detect_truncatedKeyFile_exits2SayingNotJson() throws Exception {
        byte[] whole = Files.readAllBytes(sealedKey);
        Path key = dir.resolve("truncated.key");
        Files.write(key, Arrays.copyOf(whole, whole.length / 2));
        String reason = cli.run("detect", "--key", key.toString(), text.toString()).usageError();
        assertTrue(reason.contains("not valid JSON") && reason.contains(key.toString()), reason);
    }

    @Test
    void detect_missingKeyFile_exits2() {
        Path key = dir.resolve("nowhere.key");
        String reason = cli.run("detect", "--key", key.toString(), text.toString()).usageError();
        assertTrue(reason.contains("not found") && reason.contains(key.toString()), reason);
    }

    /** The key id covers only the secret, so a plaintext key with another tokenizer hash still loads. */
    @Test
    void detect_keyForAnotherTokenizerHash_exits2AboutTheTokenizer() throws Exception {
        String otherSha = "0".repeat(64);
        assertNotEquals(otherSha, Tokenizers.load("qwen3").sha256());
        Path key = edited(plainKey, "other-tokenizer.key", root -> ((ObjectNode) root.get("tokenizer")).put("sha256", otherSha));
        String reason = cli.run("detect", "--key", key.toString(), text.toString()).usageError();
        assertTrue(reason.toLowerCase(Locale.ROOT).contains("tokenizer") && reason.contains(otherSha), reason);
    }

    @Test
    void generate_keyForAnotherTokenizerHash_exits2AboutTheTokenizer() throws Exception {
        Path key = edited(plainKey, "other-tokenizer-gen.key",
                root -> ((ObjectNode) root.get("tokenizer")).put("sha256", "f".repeat(64)));
        String reason = cli.run("generate", "--key", key.toString(), "--max-tokens", "5").usageError();
        assertTrue(reason.toLowerCase(Locale.ROOT).contains("tokenizer"), reason);
    }

    /** A copy of {@code key} named {@code name} with its JSON changed by {@code edit}. */
    private static Path edited(Path key, String name, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) CliRunner.JSON.readTree(key.toFile());
        edit.accept(root);
        Path out = dir.resolve(name);
        Files.write(out, CliRunner.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        assertEquals(root, CliRunner.JSON.readTree(out.toFile()));
        return out;
    }
}
