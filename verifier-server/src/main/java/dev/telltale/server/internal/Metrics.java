package dev.telltale.server.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Counters and a latency histogram in the Prometheus text exposition format (version 0.0.4). */
public final class Metrics {
    private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final AtomicLongArray bucketCounts = new AtomicLongArray(BUCKETS.length + 1);
    private final AtomicLong durationMicros = new AtomicLong();
    private final LongAdder tokensScored = new LongAdder();
    private final LongAdder reports = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    public void request(String method, String route, int status, double seconds) {
        requests.computeIfAbsent(method + "\u0000" + route + "\u0000" + status, k -> new LongAdder()).increment();
        int i = 0;
        while (i < BUCKETS.length && seconds > BUCKETS[i]) {
            i++;
        }
        bucketCounts.incrementAndGet(i);
        durationMicros.addAndGet((long) (seconds * 1e6));
        if (status == 429) {
            rateLimited.increment();
        }
    }

    public void scored(long tokens) {
        tokensScored.add(tokens);
    }

    public void report() {
        reports.increment();
    }

    public void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    public String render() {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("# HELP telltale_http_requests_total HTTP requests by method, route and status.\n");
        sb.append("# TYPE telltale_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((k, v) -> {
            String[] p = k.split("\u0000", 3);
            sb.append("telltale_http_requests_total{method=\"").append(p[0]).append("\",route=\"").append(escape(p[1]))
                    .append("\",status=\"").append(p[2]).append("\"} ").append(v.sum()).append('\n');
        });
        sb.append("# HELP telltale_http_request_duration_seconds Time to answer a request.\n");
        sb.append("# TYPE telltale_http_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i <= BUCKETS.length; i++) {
            cumulative += bucketCounts.get(i);
            String le = i < BUCKETS.length ? String.format(Locale.ROOT, "%s", BUCKETS[i]) : "+Inf";
            sb.append("telltale_http_request_duration_seconds_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
        }
        sb.append("telltale_http_request_duration_seconds_sum ").append(String.format(Locale.ROOT, "%.6f", durationMicros.get() / 1e6)).append('\n');
        sb.append("telltale_http_request_duration_seconds_count ").append(cumulative).append('\n');
        counter(sb, "telltale_tokens_scored_total", "Tokens scored by detections.", tokensScored.sum());
        counter(sb, "telltale_reports_signed_total", "Signed reports created.", reports.sum());
        counter(sb, "telltale_rate_limited_total", "Requests refused by a rate limit.", rateLimited.sum());
        new TreeMap<>(gauges).forEach((name, v) -> sb.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ')
                .append(v.getAsLong()).append('\n'));
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
