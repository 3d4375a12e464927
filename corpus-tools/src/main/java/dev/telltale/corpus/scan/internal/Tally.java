package dev.telltale.corpus.scan.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.corpus.scan.SkipReason;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the summary counts, kept by the writer in input order and saved in each checkpoint: documents by
 * verdict, skips by reason (the first {@link #MAX_LISTED} listed with where they are), token totals, the
 * watermarked-fraction sums and the histogram of log10 p in bins of {@link #BIN_WIDTH} decades.
 */
final class Tally {
    static final int MAX_LISTED = 1000;
    static final double BIN_WIDTH = 0.5;
    /** Bins [0, −0.5), [−0.5, −1), …; the last one also holds everything below −300. */
    static final int BINS = 600;

    long documents;
    long ignored;
    long tokensTotal;
    long tokensScored;
    long fractionDocuments;
    double fractionSumAbove;
    final EnumMap<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
    final EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    final List<Map<String, Object>> listed = new ArrayList<>();
    final long[] histogram = new long[BINS];

    void addDocument(DocScore s) {
        Detection d = s.detection();
        documents++;
        tokensTotal += d.tokensTotal();
        tokensScored += d.tokensScored();
        verdicts.merge(d.verdict(), 1L, Long::sum);
        if (d.verdict() != Verdict.TOO_SHORT) {
            fractionDocuments++;
            fractionSumAbove += s.aboveLambda();
        }
        histogram[bin(d.log10PValue())]++;
    }

    static int bin(double log10p) {
        return (int) Math.min(BINS - 1, Math.max(0, Math.floor(-log10p / BIN_WIDTH)));
    }

    void addSkip(Rec r) {
        skipped.merge(r.reason(), 1L, Long::sum);
        if (listed.size() < MAX_LISTED) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", r.reason().json());
            m.put("source", r.locator().toJson());
            if (r.id() != null) {
                m.put("id", r.id());
            }
            m.put("detail", r.detail());
            listed.add(m);
        }
    }

    long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documents", documents);
        m.put("ignored", ignored);
        m.put("tokens_total", tokensTotal);
        m.put("tokens_scored", tokensScored);
        m.put("fraction_documents", fractionDocuments);
        m.put("fraction_sum_above", fractionSumAbove);
        Map<String, Long> v = new LinkedHashMap<>();
        for (Verdict x : Verdict.values()) {
            v.put(x.json(), verdicts.getOrDefault(x, 0L));
        }
        m.put("verdicts", v);
        Map<String, Long> s = new LinkedHashMap<>();
        skipped.forEach((k, n) -> s.put(k.json(), n));
        m.put("skipped", s);
        m.put("listed", listed);
        m.put("histogram", histogram);
        return m;
    }

    @SuppressWarnings("unchecked")
    static Tally fromJson(JsonNode n) {
        Tally t = new Tally();
        t.documents = n.path("documents").asLong();
        t.ignored = n.path("ignored").asLong();
        t.tokensTotal = n.path("tokens_total").asLong();
        t.tokensScored = n.path("tokens_scored").asLong();
        t.fractionDocuments = n.path("fraction_documents").asLong();
        t.fractionSumAbove = n.path("fraction_sum_above").asDouble();
        for (Verdict x : Verdict.values()) {
            long c = n.path("verdicts").path(x.json()).asLong();
            if (c > 0) {
                t.verdicts.put(x, c);
            }
        }
        for (SkipReason r : SkipReason.values()) {
            long c = n.path("skipped").path(r.json()).asLong();
            if (c > 0) {
                t.skipped.put(r, c);
            }
        }
        for (JsonNode e : n.path("listed")) {
            t.listed.add(Json.MAPPER.convertValue(e, LinkedHashMap.class));
        }
        JsonNode h = n.path("histogram");
        for (int i = 0; i < BINS && i < h.size(); i++) {
            t.histogram[i] = h.get(i).asLong();
        }
        return t;
    }
}
