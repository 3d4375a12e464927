package dev.telltale.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code telltale serve-model ... --json} running in a child JVM until {@link #close()} (SIGTERM, as Ctrl-C
 * would): waits for its JSON announcement line and keeps its output for leak checks.
 */
final class ServedChild implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    final JsonNode announcement;
    final String stdoutFirstLine;

    private ServedChild(Process process, Path stderr, String line) throws IOException {
        this.process = process;
        this.stderr = stderr;
        this.stdoutFirstLine = line;
        this.announcement = CliRunner.JSON.readTree(line);
    }

    /** Starts serve-model with {@code args} (add {@code --port 0 --json}) and waits up to 120 s for it to listen. */
    static ServedChild start(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-cp", classpath(), Main.class.getName(), "serve-model"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(Passphrases.ENV);
        pb.environment().put("TELLTALE_HOME", home.toString());
        Path err = Files.createTempFile("serve-model", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line = null;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null && !line.startsWith("{")) {
            // skip anything before the JSON announcement
        }
        if (line == null || !line.startsWith("{")) {
            p.destroyForcibly();
            fail("serve-model did not announce itself; exit " + (p.isAlive() ? "-" : p.exitValue()) + ", stderr:\n"
                    + Files.readString(err));
        }
        return new ServedChild(p, err, line);
    }

    String baseUrl() {
        return announcement.get("url").asText();
    }

    /** What the server wrote to stderr so far. */
    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(stderr);
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
