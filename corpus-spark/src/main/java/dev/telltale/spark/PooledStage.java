package dev.telltale.spark;

import dev.telltale.detect.Detector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * The job's pooled dataset-level test (DESIGN.md §6), computed the distributed way with the definition of
 * {@code PooledDetector} and the scan: every scored document contributes the {@link PoolKeys} of its positions
 * (computed with its per-document detection, from the same token ids), less those its task has already emitted
 * (a task-local dedup tape, forgotten every {@link PoolKeys#SEEN_LIMIT} keys); a global distinct on the keys (a
 * shuffle by key, then each partition sorted, so equal keys are adjacent) keeps each (window, token) tuple, or each
 * unit of a sequence-scored scheme, once over the whole corpus; each executor scores its distinct keys and returns
 * one (count, sum) per partition; the driver adds those and takes the exact tail with {@link Detector#result}, the
 * local pooled test's code. No key ever reaches the driver.
 *
 * <p>Real-valued scores (gumbel) are summed in another order than the scan's, so the pooled score can differ
 * from the scan's in the last bits; counts (kgw, unigram, synthid, kgw-selfhash) are equal exactly.
 */
final class PooledStage {
    private PooledStage() {}

    /**
     * The summary's {@code pooled} object: the scan's fields ({@code supported, documents, tokens_total,
     * tokens_scored, score, score_definition, p_value, log10_p_value, verdict, dedup}), or {@code supported: false}
     * with a {@code reason} for a scheme without a pooled test.
     *
     * @param scored      the job's documents; scored ones carry their keys ({@code poolLo}, {@code poolHi})
     * @param documents   scored documents
     * @param tokensTotal their tokens (every token counts, as in the local test)
     */
    static Map<String, Object> run(Detector driverSide, Broadcast<DetectorSpec> shared, Dataset<DocResult> scored,
                                   long documents, long tokensTotal) {
        PoolKeys keys = PoolKeys.of(driverSide);
        Map<String, Object> m = new LinkedHashMap<>();
        if (!keys.supported()) {
            m.put("supported", false);
            m.put("reason", keys.refusal());
            return m;
        }
        Dataset<DocResult> withKeys = scored.filter(functions.col("skipped").isNull().and(functions.col("poolLo").isNotNull()));
        Dataset<Row> pairs = keys.twoLongs()
                ? withKeys.select(functions.explode(functions.arrays_zip(functions.col("poolLo"), functions.col("poolHi"))).as("k"))
                        .select("k.*").toDF("lo", "hi")
                : withKeys.select(functions.explode(functions.col("poolLo")).as("lo"));
        // the global distinct: equal keys meet in one partition, sorted (Spark's external sort: radix on the first
        // long, spills to disk), so each key's first row is its distinct representative
        Column[] by = keys.twoLongs() ? new Column[] {functions.col("lo"), functions.col("hi")} : new Column[] {functions.col("lo")};
        Dataset<Row> grouped = pairs.repartition(by).sortWithinPartitions(by);
        List<Tuple2<Long, Double>> parts = grouped.mapPartitions((MapPartitionsFunction<Row, Tuple2<Long, Double>>) it -> {
            PoolKeys k = PoolKeys.of(shared.value().detector());
            int[] scratch = k.newScratch();
            long n = 0;
            double sum = 0;
            boolean first = true;
            long lastLo = 0;
            long lastHi = 0;
            while (it.hasNext()) {
                Row r = it.next();
                long lo = r.getLong(0);
                long hi = r.size() > 1 ? r.getLong(1) : 0;
                if (first || lo != lastLo || hi != lastHi) {
                    sum += k.score(lo, hi, scratch);
                    n++;
                    first = false;
                    lastLo = lo;
                    lastHi = hi;
                }
            }
            return List.of(new Tuple2<>(n, sum)).iterator();
        }, Encoders.tuple(Encoders.LONG(), Encoders.DOUBLE())).collectAsList();
        long distinct = 0;
        double score = 0;
        for (Tuple2<Long, Double> p : parts) {
            distinct += p._1();
            score += p._2();
        }
        return driverSide.result(tokensTotal, distinct, score).pooledJson(documents, keys.dedup());
    }
}
