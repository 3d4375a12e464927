package dev.telltale.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PairTape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The corpus scan as a Spark job:
 * {@code spark-submit --class dev.telltale.spark.ScanJob telltale-spark.jar --key FILE --input PATH --out DIR
 * [--format parquet|jsonl] [--text-field text] [--id-field id] [--alpha 1e-6] [--tokenizer-impl fast|djl]
 * [--pooled true|false]}.
 *
 * <p>{@code PATH} is anything Spark reads (a file, a folder, a glob; {@code s3a://} with the Hadoop AWS
 * module). Each partition's rows are scored by the detector of {@link DetectorSpec#detector()}, built once per
 * executor JVM from the broadcast spec (sealed key bytes + the executor's {@code TELLTALE_KEY_PASSPHRASE}).
 * Output under {@code DIR}: {@code results/} (JSON lines: {@code id, source{file,row}, tokens, tokens_scored,
 * score, p_value, log10_p_value, verdict}, the scan's fields), {@code skipped/} (rows without usable text,
 * with the reason) and {@code summary.json} (counts by verdict and reason, and {@code pooled}: the corpus tested
 * as a whole with one global dedup, see {@link PooledStage}; {@code --pooled false} skips it and its cost, about a
 * quarter to a third of the job's CPU). Per-document results and the pooled test equal the
 * single-machine {@code telltale scan}'s (tested).
 */
public final class ScanJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScanJob() {}

    /** Command-line options of the job. */
    public record Options(Path key, String input, String out, String format, String textField, String idField,
                          double alpha, TokenizerImpl tokenizerImpl, boolean pooled) {
        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: --key FILE --input PATH --out DIR [--format parquet|jsonl] "
                            + "[--text-field text] [--id-field id] [--alpha 1e-6] [--tokenizer-impl fast|djl] "
                            + "[--pooled true|false]; got '" + args[i] + "'");
                }
                m.put(args[i].substring(2), args[++i]);
            }
            for (String required : List.of("key", "input", "out")) {
                if (!m.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is required");
                }
            }
            String input = m.get("input");
            String format = m.getOrDefault("format", input.toLowerCase(Locale.ROOT).contains(".json") ? "jsonl" : "parquet");
            if (!format.equals("parquet") && !format.equals("jsonl")) {
                throw new IllegalArgumentException("--format must be parquet or jsonl, got '" + format + "'");
            }
            double alpha = Double.parseDouble(m.getOrDefault("alpha", "1e-6"));
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("--alpha must be in (0, 1), got " + alpha);
            }
            String pooled = m.getOrDefault("pooled", "true");
            if (!pooled.equals("true") && !pooled.equals("false")) {
                throw new IllegalArgumentException("--pooled must be true or false, got '" + pooled + "'");
            }
            return new Options(Path.of(m.get("key")), input, m.get("out"), format, m.getOrDefault("text-field", "text"),
                    m.getOrDefault("id-field", "id"), alpha, TokenizerImpl.parse(m.getOrDefault("tokenizer-impl", "fast")),
                    pooled.equals("true"));
        }
    }

    /** What a run produced: the summary and the query plan of the results (no secret may appear in it). */
    public record Outcome(Map<String, Object> summary, String plan) {}

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("telltale-spark: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("telltale scan").getOrCreate();
        try {
            Outcome r = run(spark, o);
            System.out.println(new ObjectMapper().writeValueAsString(r.summary()));
        } finally {
            spark.stop();
        }
    }

    /** Runs the job on {@code spark}; writes under {@code o.out()}. */
    public static Outcome run(SparkSession spark, Options o) throws IOException {
        DetectorSpec spec = new DetectorSpec(Files.readAllBytes(o.key()), o.tokenizerImpl(), o.alpha());
        Detector driverSide = spec.detector(); // fails fast (wrong passphrase, tokenizer) before any task runs
        Broadcast<DetectorSpec> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(spec);
        Dataset<Row> in = o.format().equals("parquet") ? spark.read().parquet(o.input())
                : spark.read().option("mode", "PERMISSIVE").json(o.input());
        Dataset<Row> rows = in.select(textColumn(in, o.textField()).as("text"), idColumn(in, o.idField()).as("id"),
                functions.col("_metadata.file_path").as("file"),
                (o.format().equals("parquet") ? functions.col("_metadata.row_index") : functions.lit(null).cast("long")).as("row"),
                (List.of(in.columns()).contains("_corrupt_record") ? functions.col("_corrupt_record")
                        : functions.lit(null).cast("string")).as("corrupt"));
        boolean pooled = o.pooled(); // a local: the task closure must not capture the (unserialisable) options
        Dataset<DocResult> scored = rows.mapPartitions((MapPartitionsFunction<Row, DocResult>) part -> {
            Detector d = shared.value().detector();
            PoolKeys pool = PoolKeys.of(d);
            PoolKeys keys = pooled && pool.supported() ? pool : null;
            PairTape seen = keys == null ? null : keys.newSeen();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return part.hasNext();
                }

                @Override
                public DocResult next() {
                    return score(d, keys, seen, part.next());
                }
            };
        }, Encoders.bean(DocResult.class)).cache(); // with the pooled keys: the input is tokenised once
        Dataset<Row> results = scored.filter(functions.col("skipped").isNull()).select(functions.col("id"),
                functions.struct(functions.col("file"), functions.col("row")).as("source"), functions.col("tokens"),
                functions.col("tokensScored").as("tokens_scored"), functions.col("score"), functions.col("pValue").as("p_value"),
                functions.col("log10PValue").as("log10_p_value"), functions.col("verdict"));
        results.write().json(o.out() + "/results");
        scored.filter(functions.col("skipped").isNotNull()).select("id", "file", "row", "skipped", "detail")
                .write().json(o.out() + "/skipped");
        Map<String, Object> summary = summarize(driverSide, o, scored);
        summary.put("pooled", pooled ? PooledStage.run(driverSide, shared, scored, (Long) summary.get("documents_scanned"),
                (Long) summary.get("tokens_total")) : Map.of("skipped", true, "reason", "--pooled false"));
        scored.unpersist();
        writeSummary(spark, o.out() + "/summary.json", summary);
        return new Outcome(summary, results.queryExecution().toString());
    }

    /** The text column as a string, or null for rows whose value is not a string (missing_field). */
    private static Column textColumn(Dataset<Row> in, String field) {
        for (StructField f : in.schema().fields()) {
            if (f.name().equals(field)) {
                if (f.dataType().equals(DataTypes.StringType)) {
                    return functions.col(field);
                }
                // Parquet binary columns hold text as bytes (as the scan reads them); any other type is no text
                return f.dataType().equals(DataTypes.BinaryType) ? functions.col(field).cast("string")
                        : functions.lit(null).cast("string");
            }
        }
        throw new IllegalArgumentException("the input has no column \"" + field + "\" (columns: "
                + String.join(", ", in.columns()) + ")");
    }

    private static Column idColumn(Dataset<Row> in, String field) {
        return List.of(in.columns()).contains(field) ? functions.col(field).cast("string") : functions.lit(null).cast("string");
    }

    /**
     * Scores one row (text, id, file, row, corrupt) exactly as the scan scores a document, with its skip rules
     * for unparsable lines and absent, blank or binary text; with {@code pool}, also the document's pooled keys
     * that are not in {@code seen} yet.
     */
    static DocResult score(Detector d, PoolKeys pool, PairTape seen, Row r) {
        DocResult out = new DocResult();
        String text = r.getString(0);
        out.setId(r.isNullAt(1) ? null : r.getString(1));
        out.setFile(r.getString(2));
        out.setRow(r.isNullAt(3) ? null : r.getLong(3));
        if (!r.isNullAt(4)) { // Spark's JSON reader could not parse the line
            out.setSkipped("malformed_json");
        } else if (text == null) {
            out.setSkipped("missing_field");
            out.setDetail("text is null or not a string");
        } else if (text.isBlank()) {
            out.setSkipped("empty_text");
        } else if (text.indexOf('\0') >= 0) {
            out.setSkipped("binary");
        } else {
            try {
                int[] ids = d.tokenize(text);
                Detection det = d.detectIds(ids);
                if (pool != null) {
                    PoolKeys.Keys k = pool.keysOf(ids, seen);
                    out.setPoolLo(k.lo());
                    out.setPoolHi(k.hi());
                }
                out.setTokens(det.tokensTotal());
                out.setTokensScored(det.tokensScored());
                out.setScore(det.score());
                out.setPValue(det.pValue());
                out.setLog10PValue(det.log10PValue());
                out.setVerdict(det.verdict().json());
            } catch (RuntimeException e) {
                out.setSkipped("detect_error");
                out.setDetail(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        return out;
    }

    private static Map<String, Object> summarize(Detector d, Options o, Dataset<DocResult> scored) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "telltale-spark-scan-summary/v1");
        m.putAll(d.result(0, 0, 0).provenanceJson());
        m.put("alpha", o.alpha());
        m.put("input", o.input());
        Map<String, Long> verdicts = new LinkedHashMap<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        long docs = 0;
        long tokens = 0;
        long scoredSum = 0;
        for (Row r : scored.groupBy("verdict", "skipped").agg(functions.count("*"), functions.sum("tokens"),
                functions.sum("tokensScored")).collectAsList()) {
            long n = r.getLong(2);
            if (r.isNullAt(1)) {
                verdicts.merge(r.getString(0), n, Long::sum);
                docs += n;
                tokens += r.isNullAt(3) ? 0 : r.getLong(3);
                scoredSum += r.isNullAt(4) ? 0 : r.getLong(4);
            } else {
                skipped.merge(r.getString(1), n, Long::sum);
            }
        }
        m.put("documents_scanned", docs);
        m.put("documents_skipped", skipped.values().stream().mapToLong(Long::longValue).sum());
        m.put("skipped_by_reason", skipped);
        m.put("verdicts", verdicts);
        m.put("detected_at_alpha", verdicts.getOrDefault("watermarked", 0L));
        m.put("tokens_total", tokens);
        m.put("tokens_scored_sum", scoredSum);
        return m;
    }

    private static void writeSummary(SparkSession spark, String path, Map<String, Object> summary) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream out = fs.create(p, true)) {
            out.write(JSON.writeValueAsBytes(summary));
        }
    }
}
