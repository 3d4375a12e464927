package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the {@code telltale} CLI the way a user does, either in this JVM ({@link Main#run}, System.out and
 * System.err captured) or as a child JVM ({@link Main#main}, real exit code, environment variables set), and
 * keeps a transcript of every run so a test class can check at the end that no key secret was ever printed
 * (DESIGN.md §9).
 *
 * <p>Child JVMs get {@code TELLTALE_HOME} = {@code home} (the default model is built there once and shared by
 * a test class), {@code -Dai.djl.offline=true}, the test JVM's DJL cache and {@code -Xmx2g}. The passphrase
 * variable is removed from the inherited environment and set only when a test passes it.
 */
final class CliRunner {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long CHILD_TIMEOUT_SECONDS = 180;
    private static String djlCache;

    /** Exit code and the two output streams of one run. */
    record Result(String command, int exitCode, String stdout, String stderr) {
        /** Stderr without blank lines. */
        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }

        /** Stdout without blank lines, each parsed as one JSON value. */
        List<JsonNode> jsonLines() {
            List<JsonNode> out = new ArrayList<>();
            for (String line : stdout.lines().filter(l -> !l.isBlank()).collect(Collectors.toList())) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("stdout line is not JSON: " + line + "\n" + this, e);
                }
            }
            return out;
        }

        /** Stdout as exactly one JSON object. */
        JsonNode json() {
            List<JsonNode> lines = jsonLines();
            assertEquals(1, lines.size(), () -> "expected one JSON line on stdout\n" + this);
            return lines.get(0);
        }

        /** Asserts exit code 2, nothing on stdout and a single stderr line, and returns that line. */
        String usageError() {
            assertEquals(2, exitCode, () -> "exit code\n" + this);
            assertEquals("", stdout.strip(), () -> "stdout of a failed command\n" + this);
            List<String> lines = stderrLines();
            assertEquals(1, lines.size(), () -> "expected a one-line reason on stderr\n" + this);
            return lines.get(0);
        }

        /** Asserts exit code 0. */
        Result ok() {
            assertEquals(0, exitCode, () -> "exit code\n" + this);
            return this;
        }

        @Override
        public String toString() {
            return "$ telltale " + command + "\n[exit " + exitCode + "]\n--- stdout ---\n" + abbreviate(stdout)
                    + "\n--- stderr ---\n" + abbreviate(stderr);
        }

        private static String abbreviate(String s) {
            return s.length() <= 4000 ? s : s.substring(0, 4000) + "... (" + s.length() + " chars)";
        }
    }

    private final Path home;
    private final List<Result> transcript = new ArrayList<>();
    private final Set<String> secretsHex = new LinkedHashSet<>();

    /** @param home TELLTALE_HOME of child JVMs (model cache) */
    CliRunner(Path home) {
        this.home = home;
    }

    /** Runs the CLI in this JVM with System.out and System.err captured and an empty standard input. */
    Result run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    /** Runs the CLI in this JVM with {@code stdin} as standard input. Not thread-safe (global streams). */
    synchronized Result runWithStdin(byte[] stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return record(new Result(String.join(" ", args), code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)));
    }

    /** Runs {@code java ... dev.telltale.cli.Main args} with the passphrase variable unset and no standard input. */
    Result spawn(String... args) {
        return spawn(Map.of(), null, args);
    }

    /**
     * Runs the CLI in a child JVM.
     *
     * @param env   extra environment variables (e.g. {@code TELLTALE_KEY_PASSPHRASE})
     * @param stdin file fed to standard input, or null for an empty standard input
     */
    Result spawn(Map<String, String> env, Path stdin, String... args) {
        try {
            Path dir = Files.createTempDirectory("telltale-cli-run");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g", "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + djlCacheDir(),
                    "-cp", testClasspath(), Main.class.getName()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().remove(Passphrases.ENV);
            pb.environment().put("TELLTALE_HOME", home.toString());
            pb.environment().putAll(env);
            pb.redirectOutput(dir.resolve("stdout").toFile());
            pb.redirectError(dir.resolve("stderr").toFile());
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            Process p = pb.start();
            if (stdin == null) {
                p.getOutputStream().close();
            }
            if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("telltale " + String.join(" ", args) + " did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
            }
            Result r = new Result(String.join(" ", args), p.exitValue(),
                    Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                    Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
            Files.delete(dir.resolve("stdout"));
            Files.delete(dir.resolve("stderr"));
            Files.delete(dir);
            return record(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Registers a key secret that no output of this runner may contain. */
    void secret(byte[] secret) {
        secretsHex.add(HexFormat.of().formatHex(secret));
    }

    /** Registers the secret of an insecure-plaintext key file. */
    void secretOf(Path plaintextKeyFile) {
        try {
            String hex = JSON.readTree(plaintextKeyFile.toFile()).path("insecure_plaintext_secret").asText();
            assertEquals(64, hex.length(), () -> plaintextKeyFile + " has no insecure_plaintext_secret");
            secret(HexFormat.of().parseHex(hex));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that no run's stdout or stderr contains a registered secret, in hex (either case) or base64.
     * Call from {@code @AfterAll}; also asserts that there was something to check.
     */
    void assertNoSecretPrinted() {
        assertFalse(secretsHex.isEmpty(), "no secrets were registered: the leak check would be vacuous");
        assertFalse(transcript.isEmpty(), "no commands were run");
        for (String hex : secretsHex) {
            byte[] raw = HexFormat.of().parseHex(hex);
            List<String> forms = List.of(hex, hex.toUpperCase(java.util.Locale.ROOT), Base64.getEncoder().encodeToString(raw));
            for (Result r : transcript) {
                for (String form : forms) {
                    assertTrue(!r.stdout().contains(form) && !r.stderr().contains(form),
                            () -> "a key secret was printed by: telltale " + r.command());
                }
            }
        }
    }

    private synchronized Result record(Result r) {
        transcript.add(r);
        return r;
    }

    private static synchronized String djlCacheDir() throws IOException {
        if (djlCache == null) {
            String d = System.getProperty("DJL_CACHE_DIR");
            djlCache = d != null && !d.isBlank() ? d : Files.createTempDirectory("telltale-djl-cache").toString();
        }
        return djlCache;
    }

    /** Surefire may put the real class path in a property and hand the JVM a manifest-only jar. */
    private static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
