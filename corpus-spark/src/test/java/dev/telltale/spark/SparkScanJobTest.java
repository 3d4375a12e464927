package dev.telltale.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.GumbelParameters;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.corpus.scan.CorpusScan;
import dev.telltale.corpus.scan.ScanListener;
import dev.telltale.corpus.scan.ScanOptions;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PooledDetector;
import dev.telltale.embed.DefaultModels;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.SamplingConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in {@code local[2]} on a Parquet input it wrote itself, against {@code telltale scan} run in
 * this JVM on the same files: identical per-document results. The key is sealed; executors open it with the
 * passphrase from their environment (surefire sets {@code TELLTALE_KEY_PASSPHRASE}), and neither the secret nor
 * the passphrase appears in the job's plan.
 */
class SparkScanJobTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static SparkSession spark;

    @TempDir
    static Path dir;

    static TextTokenizer qwen;
    static byte[] secret;
    static WatermarkKey key;
    static Path keyFile;
    static String passphrase;
    /** Four 200-token completions of the default model watermarked with {@link #key}. */
    static List<String> watermarked;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("telltale-test")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", dir.resolve("spark-local").toString()).getOrCreate();
        qwen = Tokenizers.load("qwen3");
        secret = new byte[32];
        new SplittableRandom(77).nextBytes(secret);
        key = WatermarkKey.fromSecret(secret, Schemes.KGW_V1, qwen.ref(), Instant.EPOCH);
        passphrase = System.getenv(DetectorSpec.PASSPHRASE_ENV);
        assertEquals("spark-test-passphrase", passphrase, "surefire must set the executors' passphrase");
        keyFile = sealed(key, "sealed.key");
        Path models = Path.of(System.getProperty("telltale.repo", "."), "target", "telltale-home", "models");
        Generator g = new Generator(DefaultModels.brownTrigram(qwen, models, null), Embedders.forKey(key), SamplingConfig.DEFAULT);
        SplittableRandom r = new SplittableRandom(3);
        watermarked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            watermarked.add(qwen.decode(g.generate(new int[0], 200, -1, r.split())));
        }
    }

    private static Path sealed(WatermarkKey k, String name) throws Exception {
        Path f = dir.resolve(name);
        KeyFiles.writeSealed(k, f, passphrase.toCharArray());
        return f;
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void job_onParquet_equalsScan_documentByDocument() throws Exception {
        List<Row> rows = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create("brown-" + brown.get(i).id(), brown.get(i).text()));
        }
        for (int i = 0; i < 4; i++) {
            rows.add(5 * i + 2, RowFactory.create("wm-" + i, watermarked.get(i)));
        }
        rows.add(RowFactory.create("no-text", null));
        rows.add(RowFactory.create("blank", "   "));
        Path input = parquet("input", rows);
        Path out = dir.resolve("job");
        ScanJob.Outcome job = job(keyFile, input, out);

        // the single-machine scan on the same Parquet files
        Path scanOut = dir.resolve("scan");
        CorpusScan.Report scan = scan(key, input, scanOut);

        Map<String, JsonNode> fromJob = byId(Files.list(out.resolve("results")).filter(p -> p.getFileName().toString().endsWith(".json")));
        Map<String, JsonNode> fromScan = byId(Stream.of(scanOut.resolve("results.jsonl")));
        assertEquals(44, fromJob.size());
        assertEquals(fromScan.keySet(), fromJob.keySet());
        for (String id : fromScan.keySet()) {
            JsonNode a = fromScan.get(id);
            JsonNode b = fromJob.get(id);
            for (String f : List.of("tokens", "tokens_scored", "score", "p_value", "log10_p_value", "verdict")) {
                assertEquals(a.get(f), b.get(f), id + "." + f);
            }
            assertEquals(a.path("source").path("row"), b.path("source").path("row"), id + " row");
        }
        assertEquals(4, fromJob.values().stream().filter(n -> n.path("verdict").asText().equals("watermarked")).count());
        assertEquals(4L, job.summary().get("detected_at_alpha"));
        assertEquals(Map.of("missing_field", 1L, "empty_text", 1L), job.summary().get("skipped_by_reason"));
        assertEquals(scan.summary().get("skipped_by_reason"), Map.of("missing_field", 1L, "empty_text", 1L));
        // the summary file holds the pooled dataset-level test, equal to the scan's
        assertPooledEqual(JSON.valueToTree(scan.summary().get("pooled")), JSON.readTree(out.resolve("summary.json").toFile()).path("pooled"), 0);

        // --pooled false: the same per-document results, no pooled test
        Path unpooledOut = dir.resolve("job-unpooled");
        ScanJob.Outcome unpooled = job(keyFile, input, unpooledOut, false);
        assertEquals(Map.of("skipped", true, "reason", "--pooled false"), unpooled.summary().get("pooled"));
        Map<String, JsonNode> fromUnpooled = byId(Files.list(unpooledOut.resolve("results"))
                .filter(p -> p.getFileName().toString().endsWith(".json")));
        assertEquals(fromJob, fromUnpooled);
        assertEquals("--pooled must be true or false, got 'maybe'", assertThrows(IllegalArgumentException.class,
                () -> ScanJob.Options.parse(new String[] {"--key", "k", "--input", "i", "--out", "o", "--pooled", "maybe"}))
                .getMessage());

        String hex = HexFormat.of().formatHex(secret);
        for (String leak : List.of(hex, hex.toUpperCase(), Base64.getEncoder().encodeToString(secret), passphrase)) {
            assertFalse(job.plan().contains(leak), "the job's plan shows a secret");
        }
    }

    /**
     * The pooled dataset-level p-value: a corpus with repeated documents (human and watermarked) and watermarked
     * passages pasted into human text, so that global dedup matters. The job's {@code pooled} equals the scan's
     * (same T, same score, log10 p to 1e-9) and {@code PooledDetector}'s on the same texts, and is below the sum of
     * the documents' own T.
     */
    @Test
    void job_pooledPValue_equalsScan_withGlobalDedupOfRepeatedDocumentsAndPassages() throws Exception {
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        List<String> texts = new ArrayList<>();
        for (int i = 100; i < 130; i++) {
            texts.add(brown.get(i).text());
        }
        for (int i = 100; i < 110; i++) {
            texts.add(brown.get(i).text()); // a human document scraped twice
        }
        for (String wm : watermarked) {
            texts.add(wm);
            texts.add(wm); // a watermarked document scraped twice
        }
        for (int i = 0; i < watermarked.size(); i++) { // half of each completion pasted inside another human text
            String wm = watermarked.get(i);
            String passage = wm.substring(0, wm.indexOf(' ', wm.length() / 2));
            String human = brown.get(140 + i).text();
            int cut = human.indexOf(' ', human.length() / 2);
            texts.add(human.substring(0, cut) + " " + passage + human.substring(cut));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create("doc-" + i, texts.get(i)));
        }
        rows.add(RowFactory.create("blank", " ")); // skipped: not in the pool
        Path input = parquet("dups", rows);

        Map<String, Object> job = job(keyFile, input, dir.resolve("dups-job")).summary();
        JsonNode jobPooled = JSON.valueToTree(job.get("pooled"));
        Map<String, Object> scanSummary = scan(key, input, dir.resolve("dups-scan")).summary();
        JsonNode scanPooled = JSON.valueToTree(scanSummary.get("pooled"));
        assertPooledEqual(scanPooled, jobPooled, 0);

        PooledDetector pool = new PooledDetector(detector());
        texts.forEach(pool::addText);
        Detection want = pool.result();
        assertEquals(want.tokensTotal(), jobPooled.path("tokens_total").asLong());
        assertEquals(want.tokensScored(), jobPooled.path("tokens_scored").asLong());
        assertEquals(want.score(), jobPooled.path("score").asDouble());
        assertEquals(want.log10PValue(), jobPooled.path("log10_p_value").asDouble(), 1e-9);

        long sumOfDocuments = (Long) job.get("tokens_scored_sum");
        long pooledT = jobPooled.path("tokens_scored").asLong();
        assertEquals((long) texts.size(), jobPooled.path("documents").asLong());
        assertEquals(scanSummary.get("tokens_scored_sum"), sumOfDocuments);
        // a repeated document adds nothing to the pool, and a pasted passage little: its tuples are its source's
        long repeatsT = 0;
        for (int i = 30; i < 48; i++) {
            if (i < 40 || i % 2 == 1) { // the second copies: 10 human, 4 watermarked
                repeatsT += reference(texts.get(i)).tokensScored();
            }
        }
        long passagesT = 0;
        for (int i = 48; i < 52; i++) {
            passagesT += reference(texts.get(i)).tokensScored() - reference(brown.get(140 + i - 48).text()).tokensScored();
        }
        assertTrue(pooledT <= sumOfDocuments - repeatsT - passagesT * 9 / 10,
                pooledT + " vs " + sumOfDocuments + " - " + repeatsT + " - 0.9 x " + passagesT);
        // without the global dedup the repeats would count as evidence: a smaller p-value than the pooled test's
        long naiveT = 0;
        double naiveScore = 0;
        for (String t : texts) {
            Detection d = reference(t);
            naiveT += d.tokensScored();
            naiveScore += d.score();
        }
        assertEquals(sumOfDocuments, naiveT);
        double naiveLog10P = detector().result(want.tokensTotal(), naiveT, naiveScore).log10PValue();
        assertTrue(naiveLog10P < jobPooled.path("log10_p_value").asDouble() - 1, naiveLog10P + " vs " + jobPooled);
    }

    /**
     * The pooled keys that take two longs: units of a sequence-scored scheme (kgw-selfhash, after its per-text
     * masks) and (window, token) tuples too wide for one (gumbel with h = 4: 5 ids of 18 bits). Equal to the scan's.
     */
    @Test
    void job_pooledPValue_twoLongKeys_sequenceSchemeAndWideWindow_equalScan() throws Exception {
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        List<Row> rows = new ArrayList<>();
        for (int i = 200; i < 220; i++) {
            rows.add(RowFactory.create("b-" + i, brown.get(i).text()));
        }
        for (int i = 200; i < 205; i++) {
            rows.add(RowFactory.create("again-" + i, brown.get(i).text()));
        }
        Path input = parquet("two-longs", rows);
        for (SchemeParameters scheme : List.of(Schemes.preset("kgw-selfhash"), new GumbelParameters(4))) {
            WatermarkKey k = WatermarkKey.fromSecret(secret, scheme, qwen.ref(), Instant.EPOCH);
            String name = scheme.schemeId();
            Path kf = sealed(k, name + ".key");
            JsonNode jobPooled = JSON.valueToTree(job(kf, input, dir.resolve(name + "-job")).summary().get("pooled"));
            JsonNode scanPooled = JSON.valueToTree(scan(k, input, dir.resolve(name + "-scan")).summary().get("pooled"));
            assertEquals(true, jobPooled.path("supported").asBoolean(), name + ": " + jobPooled);
            // gumbel's real-valued scores are summed in another order than the scan's
            assertPooledEqual(scanPooled, jobPooled, scheme instanceof GumbelParameters ? 1e-12 : 0);
            assertTrue(jobPooled.path("tokens_scored").asLong() > 5_000, name + ": " + jobPooled);
        }
    }

    private static Detector detector;

    private static synchronized Detector detector() {
        if (detector == null) {
            detector = new Detector(key, Tokenizers.forKey(key, TokenizerImpl.FAST), 1e-6);
        }
        return detector;
    }

    private static Detection reference(String text) {
        return detector().detect(text);
    }

    /** The scan's and the job's {@code pooled} objects agree field by field (score to a relative tolerance). */
    private static void assertPooledEqual(JsonNode scan, JsonNode job, double relativeScoreTolerance) {
        assertEquals(true, scan.path("supported").asBoolean(), scan.toString());
        assertEquals(scan.size(), job.size(), job.toString());
        assertTrue(job.path("supported").asBoolean(), job.toString());
        for (String f : List.of("documents", "tokens_total", "tokens_scored")) {
            assertTrue(job.path(f).isIntegralNumber(), f);
            assertEquals(scan.path(f).asLong(), job.path(f).asLong(), f);
        }
        for (String f : List.of("score_definition", "verdict", "dedup")) {
            assertEquals(scan.path(f).asText(), job.path(f).asText(), f);
        }
        double score = scan.path("score").asDouble();
        assertEquals(score, job.path("score").asDouble(), relativeScoreTolerance * Math.abs(score), "score");
        assertEquals(scan.path("log10_p_value").asDouble(), job.path("log10_p_value").asDouble(), 1e-9, "log10_p_value");
        double p = scan.path("p_value").asDouble();
        assertEquals(p, job.path("p_value").asDouble(), 1e-9 * p, "p_value");
    }

    private static Path parquet(String name, List<Row> rows) {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
        Path input = dir.resolve(name);
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(input.toString());
        return input;
    }

    private static ScanJob.Outcome job(Path sealedKey, Path input, Path out) throws Exception {
        return job(sealedKey, input, out, true);
    }

    private static ScanJob.Outcome job(Path sealedKey, Path input, Path out, boolean pooled) throws Exception {
        return ScanJob.run(spark, new ScanJob.Options(sealedKey, input.toString(), out.toString(), "parquet",
                "text", "id", 1e-6, TokenizerImpl.FAST, pooled));
    }

    private static CorpusScan.Report scan(WatermarkKey k, Path input, Path out) throws Exception {
        Files.createDirectories(out);
        return CorpusScan.run(k, ScanOptions.builder(List.of(input)).out(out.resolve("results.jsonl"))
                .summary(out.resolve("summary.json")).threads(2).build(), ScanListener.NONE);
    }

    private static Map<String, JsonNode> byId(Stream<Path> files) throws Exception {
        Map<String, JsonNode> m = new HashMap<>();
        for (Path p : files.toList()) {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    m.put(n.path("id").asText(), n);
                }
            }
        }
        return m;
    }
}
