package dev.telltale.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.KeyFiles;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.corpus.scan.CorpusScan;
import dev.telltale.corpus.scan.ScanListener;
import dev.telltale.corpus.scan.ScanOptions;
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

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("telltale-test")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", dir.resolve("spark-local").toString()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void job_onParquet_equalsScan_documentByDocument() throws Exception {
        TextTokenizer qwen = Tokenizers.load("qwen3");
        byte[] secret = new byte[32];
        new SplittableRandom(77).nextBytes(secret);
        WatermarkKey key = WatermarkKey.fromSecret(secret, Schemes.KGW_V1, qwen.ref(), Instant.EPOCH);
        Path keyFile = dir.resolve("sealed.key");
        String passphrase = System.getenv(DetectorSpec.PASSPHRASE_ENV);
        assertEquals("spark-test-passphrase", passphrase, "surefire must set the executors' passphrase");
        KeyFiles.writeSealed(key, keyFile, passphrase.toCharArray());

        List<Row> rows = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create("brown-" + brown.get(i).id(), brown.get(i).text()));
        }
        Path models = Path.of(System.getProperty("telltale.repo", "."), "target", "telltale-home", "models");
        Generator g = new Generator(DefaultModels.brownTrigram(qwen, models, null), Embedders.forKey(key), SamplingConfig.DEFAULT);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 4; i++) {
            rows.add(5 * i + 2, RowFactory.create("wm-" + i, qwen.decode(g.generate(new int[0], 200, -1, r.split()))));
        }
        rows.add(RowFactory.create("no-text", null));
        rows.add(RowFactory.create("blank", "   "));
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
        Path input = dir.resolve("input");
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(input.toString());

        Path out = dir.resolve("job");
        ScanJob.Outcome job = ScanJob.run(spark, new ScanJob.Options(keyFile, input.toString(), out.toString(), "parquet",
                "text", "id", 1e-6, TokenizerImpl.FAST));

        // the single-machine scan on the same Parquet files
        Path scanOut = dir.resolve("scan");
        Files.createDirectories(scanOut);
        CorpusScan.Report scan = CorpusScan.run(key, ScanOptions.builder(List.of(input)).out(scanOut.resolve("results.jsonl"))
                .summary(scanOut.resolve("summary.json")).threads(2).build(), ScanListener.NONE);

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
        assertTrue(Files.exists(out.resolve("summary.json")));

        String hex = HexFormat.of().formatHex(secret);
        for (String leak : List.of(hex, hex.toUpperCase(), Base64.getEncoder().encodeToString(secret), passphrase)) {
            assertFalse(job.plan().contains(leak), "the job's plan shows a secret");
        }
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
