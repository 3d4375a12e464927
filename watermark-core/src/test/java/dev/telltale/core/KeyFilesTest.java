package dev.telltale.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    private static final TokenizerRef TOK = new TokenizerRef("qwen3", "ab".repeat(32), 151669);
    @TempDir
    Path dir;

    private static WatermarkKey newKey() {
        return WatermarkKey.generate(new KgwParameters(0.5, 3.0, 1), TOK, new SecureRandom());
    }

    @Test
    void sealedKey_roundTrips_andFileHoldsNoSecret() throws Exception {
        WatermarkKey k = newKey();
        Path f = dir.resolve("k.json");
        KeyFiles.writeSealed(k, f, "correct horse".toCharArray());
        String json = Files.readString(f);
        String secretHex = HexFormat.of().formatHex(k.revealSecret());
        assertFalse(json.contains(secretHex), "sealed file must not contain the secret");
        assertTrue(json.contains("\"sealed_secret\"") && json.contains(k.keyId()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        WatermarkKey back = KeyFiles.read(f, "correct horse"::toCharArray);
        assertEquals(k, back);
        assertEquals(k.keyId(), back.keyId());
        assertEquals(k.scheme(), back.scheme());
        assertEquals(k.tokenizer(), back.tokenizer());
        assertEquals(k.created(), back.created());
    }

    @Test
    void wrongPassphrase_isClearError() throws Exception {
        Path f = dir.resolve("k.json");
        KeyFiles.writeSealed(newKey(), f, "right".toCharArray());
        KeyFiles.KeyFileException e = assertThrows(KeyFiles.KeyFileException.class,
                () -> KeyFiles.read(f, "wrong"::toCharArray));
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
    }

    @Test
    void editedPublicPart_breaksTheSeal() throws Exception {
        Path f = dir.resolve("k.json");
        KeyFiles.writeSealed(newKey(), f, "pw".toCharArray());
        Files.writeString(f, Files.readString(f).replace("\"gamma\" : 0.5", "\"gamma\" : 0.4"));
        KeyFiles.KeyFileException e = assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(f, "pw"::toCharArray));
        assertTrue(e.getMessage().contains("modified"), e.getMessage());
    }

    @Test
    void insecurePlaintext_roundTrips_andEditedKeyIdIsRejected() throws Exception {
        WatermarkKey k = newKey();
        Path f = dir.resolve("dev.json");
        KeyFiles.writeInsecurePlaintext(k, f);
        assertEquals(k, KeyFiles.read(f, () -> {
            throw new AssertionError("a plaintext key must not ask for a passphrase");
        }));
        Files.writeString(f, Files.readString(f).replace(k.keyId(), "0000000000000000"));
        KeyFiles.KeyFileException e = assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(f, () -> null));
        assertTrue(e.getMessage().contains("key id"), e.getMessage());
    }

    @Test
    void missingTruncatedOrForeignFiles_areClearErrors() throws Exception {
        assertTrue(assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(dir.resolve("nope"), () -> null))
                .getMessage().contains("not found"));
        Path f = dir.resolve("k.json");
        KeyFiles.writeSealed(newKey(), f, "pw".toCharArray());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
        assertTrue(assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(f, "pw"::toCharArray))
                .getMessage().contains("not valid JSON"));
        Files.writeString(f, "{\"hello\": 1}");
        assertTrue(assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(f, "pw"::toCharArray))
                .getMessage().contains("not a telltale-key/v1"));
        Files.write(f, new byte[] {0, 1, 2, (byte) 0xff});
        assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(f, "pw"::toCharArray));
    }

    @Test
    void toString_showsSchemeAndIdOnly() {
        WatermarkKey k = newKey();
        String s = k.toString();
        assertEquals("WatermarkKey[scheme=kgw, id=" + k.keyId() + "]", s);
        assertFalse(s.contains(HexFormat.of().formatHex(k.revealSecret())));
        assertFalse(k.prf().toString().contains(HexFormat.of().formatHex(k.revealSecret())));
    }

    @Test
    void equality_comparesSecretsAndParameters() {
        byte[] s = new byte[32];
        s[0] = 1;
        WatermarkKey a = WatermarkKey.fromSecret(s, Schemes.KGW_V1, TOK, java.time.Instant.EPOCH);
        WatermarkKey b = WatermarkKey.fromSecret(s.clone(), Schemes.KGW_V1, TOK, java.time.Instant.now());
        s[0] = 2;
        WatermarkKey c = WatermarkKey.fromSecret(s, Schemes.KGW_V1, TOK, java.time.Instant.EPOCH);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertNotEquals(a, WatermarkKey.fromSecret(new byte[32], new KgwParameters(0.5, 2, 2), TOK, java.time.Instant.EPOCH));
        assertEquals("telltale-key-id/v1".length(), "telltale-key-id/v1".getBytes(StandardCharsets.US_ASCII).length);
    }

    @Test
    void invalidParameters_sayHowToFixThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new KgwParameters(1.5, 2, 2)).getMessage()
                .contains("gamma must be in (0, 1), got 1.5"));
        assertThrows(IllegalArgumentException.class, () -> new KgwParameters(0.25, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new KgwParameters(0.25, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> WatermarkKey.fromSecret(new byte[16], Schemes.KGW_V1, TOK,
                java.time.Instant.EPOCH));
    }
}
