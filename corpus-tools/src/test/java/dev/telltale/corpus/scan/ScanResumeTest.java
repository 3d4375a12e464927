package dev.telltale.corpus.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.WatermarkKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan killed with SIGKILL at random moments and re-run with the same arguments ends with the same results
 * file, byte for byte, and the same summary (pooled p-value included) as a scan never interrupted. The corpus
 * mixes every resumable reader: plain JSONL (seek), gzip JSONL (re-read), Parquet (row filter), WARC.gz
 * (re-parse) and a text folder; the pooled dedup set is given 1 MiB so it spills, which resume must survive.
 */
class ScanResumeTest {
    @TempDir
    static Path dir;
    static Path keyFile;
    static List<Path> inputs;
    static Path reference;

    @BeforeAll
    static void corpusAndReference() throws Exception {
        WatermarkKey key = Corpora.key();
        keyFile = dir.resolve("key.json");
        KeyFiles.writeInsecurePlaintext(key, keyFile);
        List<Corpora.Doc> docs = new ArrayList<>(Corpora.brown(0, 300));
        docs.addAll(Corpora.docs("wm-", Corpora.watermarked(key, 10, 200)));
        Collections.shuffle(docs, new Random(5));
        Path in = Files.createDirectories(dir.resolve("in"));
        Path plain = Corpora.jsonl(in.resolve("a.jsonl"), docs.subList(0, 100));
        Path gzSrc = Corpora.jsonl(dir.resolve("b-src.jsonl"), docs.subList(100, 170));
        Path gz = Corpora.gzip(in.resolve("b.jsonl.gz"), Files.readAllBytes(gzSrc));
        Path pq = Corpora.parquet(in.resolve("c.parquet"), Corpora.jsonl(dir.resolve("c-src.jsonl"), docs.subList(170, 240)), 16);
        Path warc = Corpora.warc(in.resolve("d.warc.gz"), docs.subList(240, 280), true);
        Path texts = Files.createDirectories(in.resolve("e"));
        for (Corpora.Doc d : docs.subList(280, docs.size())) {
            Files.writeString(texts.resolve(d.id() + ".txt"), d.text(), StandardCharsets.UTF_8);
        }
        inputs = List.of(plain, gz, pq, warc, texts);
        reference = Files.createDirectories(dir.resolve("reference"));
        // the uninterrupted run, in this JVM with ScanChild's options
        CorpusScan.run(key, ScanOptions.builder(inputs).out(reference.resolve("results.jsonl"))
                .summary(reference.resolve("summary.json")).checkpointSeconds(0.05).threads(2).poolMemoryBytes(1 << 20).build(),
                ScanListener.NONE);
    }

    record ChildRun(boolean finished, String stdout, String stderr) {}

    /** Runs the scan in a child JVM; kills it with SIGKILL after {@code killAfterMs} unless it ends first. */
    private static ChildRun child(Path out, long killAfterMs) throws Exception {
        return child(out, killAfterMs, null);
    }

    /** As above; with {@code killWhen}, the delay starts once that file exists. */
    private static ChildRun child(Path out, long killAfterMs, Path killWhen) throws Exception {
        List<String> cmd = command(out);
        Path log = Files.createTempFile(dir, "child", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        for (int i = 0; killWhen != null && !Files.exists(killWhen) && p.isAlive() && i < 1200; i++) {
            Thread.sleep(50);
        }
        boolean ended = killAfterMs > 0 ? p.waitFor(killAfterMs, TimeUnit.MILLISECONDS) : p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        if (ended && p.exitValue() != 0) {
            fail("scan child failed (exit " + p.exitValue() + "):\n" + output);
        }
        return new ChildRun(ended, output, "");
    }

    private static List<String> command(Path out) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
                "-cp", classpath(), ScanChild.class.getName(), keyFile.toString(), out.toString(), "0.05", "2"));
        inputs.forEach(p -> cmd.add(p.toString()));
        return cmd;
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static JsonNode summaryWithoutRun(Path out) throws Exception {
        ObjectNode s = (ObjectNode) Corpora.JSON.readTree(out.resolve("summary.json").toFile());
        s.remove("run");
        s.remove("results");
        ((ObjectNode) s.path("log10_p_histogram")).remove("png");
        return s;
    }

    @Test
    void scan_killedAtRandomPoints_resumesToTheSameOutput() throws Exception {
        long seed = Long.getLong("telltale.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        long total = Files.size(reference.resolve("results.jsonl"));
        int rounds = Boolean.getBoolean("telltale.full") ? 8 : 2;
        for (int round = 0; round < rounds; round++) {
            Path out = Files.createDirectories(dir.resolve("run-" + round));
            Path results = out.resolve("results.jsonl");
            List<String> kills = new ArrayList<>();
            if (round == 0) { // once during start-up, before or around the first checkpoint
                assertFalse(child(out, 300).finished());
                kills.add("at 0.3 s");
            }
            double f1 = 0.02 + 0.5 * rnd.nextDouble();
            double f2 = f1 + 0.1 + (0.95 - f1 - 0.1) * rnd.nextDouble();
            for (double f : new double[] {f1, f2}) {
                long target = (long) (f * total);
                ChildRun r = childKilledAt(out, results, target);
                assertFalse(r.finished(), "the scan finished before its results reached " + target + " bytes");
                kills.add(String.format("at %.0f%% of the results (%d bytes written at the kill)", 100 * f, Files.size(results)));
            }
            ChildRun last = child(out, 0);
            assertTrue(last.finished());
            String what = "seed " + seed + ", round " + round + ", killed " + kills + ": " + last.stdout();
            assertTrue(last.stdout().contains("resumed=true"), what);
            assertArrayEquals(Files.readAllBytes(reference.resolve("results.jsonl")), Files.readAllBytes(results), what);
            assertEquals(summaryWithoutRun(reference), summaryWithoutRun(out), what);
            assertFalse(Files.exists(out.resolve("results.jsonl.checkpoint.json")), "a finished scan leaves no checkpoint");
            assertFalse(Files.exists(out.resolve("results.jsonl.pool")));
        }
        assertEquals(10, summaryWithoutRun(reference).path("detected_at_alpha").asLong());
    }

    /** Runs the scan and kills it (SIGKILL) once its results file has reached {@code bytes}. */
    private static ChildRun childKilledAt(Path out, Path results, long bytes) throws Exception {
        List<String> cmd = command(out);
        Path log = Files.createTempFile(dir, "child", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        while (p.isAlive() && !(Files.exists(results) && Files.size(results) >= bytes)) {
            Thread.sleep(5);
        }
        boolean killed = p.isAlive();
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        return new ChildRun(!killed, Files.readString(log), "");
    }

    @Test
    void rerunWithOtherArguments_isRefused_untilRestart() throws Exception {
        Path out = Files.createDirectories(dir.resolve("refuse"));
        ChildRun r = child(out, 300, out.resolve("results.jsonl.checkpoint.json"));
        assertFalse(r.finished(), "the scan ended within 0.3 s of its first checkpoint: " + r.stdout());
        WatermarkKey key = Corpora.key();
        ScanOptions other = ScanOptions.builder(inputs).out(out.resolve("results.jsonl")).summary(out.resolve("summary.json"))
                .alpha(1e-3).build();
        ScanException e = assertThrows(ScanException.class, () -> CorpusScan.run(key, other, ScanListener.NONE));
        assertTrue(e.getMessage().contains("--restart"), e.getMessage());
        CorpusScan.run(key, ScanOptions.builder(inputs).out(out.resolve("results.jsonl")).summary(out.resolve("summary.json"))
                .alpha(1e-3).restart(true).build(), ScanListener.NONE);
        ScanException again = assertThrows(ScanException.class, () -> CorpusScan.run(key, other, ScanListener.NONE));
        assertTrue(again.getMessage().contains("already exists"), again.getMessage());
    }
}
