package io.backfill.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Foreground query latencies, one HdrHistogram per time bucket of a scenario, so the report can show
 * both the percentiles over any window (merged buckets) and their course over time (one point per
 * bucket). Times are milliseconds since the scenario started; latencies are recorded in microseconds
 * with three significant digits, up to ten minutes (anything slower is clamped, not dropped, so a
 * pathological query still counts as slow).
 *
 * <p>Thread-safe: every dashboard client records into it concurrently.
 */
final class LatencyTimeline {

    private static final long MAX_MICROS = 600_000_000L;

    private final long bucketMillis;
    private final TreeMap<Long, Histogram> buckets = new TreeMap<>();

    LatencyTimeline(long bucketMillis) {
        if (bucketMillis <= 0) {
            throw new IllegalArgumentException("bucketMillis must be positive: " + bucketMillis);
        }
        this.bucketMillis = bucketMillis;
    }

    /** One query that finished {@code atMillis} after the start and took {@code latencyMicros}. */
    synchronized void record(long atMillis, long latencyMicros) {
        long bucket = Math.max(0, atMillis) / bucketMillis;
        buckets.computeIfAbsent(bucket, b -> new Histogram(MAX_MICROS, 3))
                .recordValue(Math.max(1, Math.min(MAX_MICROS, latencyMicros)));
    }

    long bucketMillis() {
        return bucketMillis;
    }

    /** All queries completed in {@code [fromMillis, toMillis)} (whole buckets whose start lies in it). */
    synchronized Histogram window(long fromMillis, long toMillis) {
        Histogram merged = new Histogram(MAX_MICROS, 3);
        for (var entry : buckets.subMap(
                        Math.floorDiv(fromMillis, bucketMillis), true, Math.floorDiv(toMillis - 1, bucketMillis), true)
                .entrySet()) {
            merged.add(entry.getValue());
        }
        return merged;
    }

    /** Every query recorded. */
    synchronized Histogram all() {
        Histogram merged = new Histogram(MAX_MICROS, 3);
        buckets.values().forEach(merged::add);
        return merged;
    }

    /** One point per bucket that saw queries: its start (ms) and its percentiles. */
    synchronized List<Bucket> series() {
        List<Bucket> series = new ArrayList<>();
        buckets.forEach((index, h) -> series.add(new Bucket(
                index * bucketMillis,
                h.getTotalCount(),
                millis(h.getValueAtPercentile(50)),
                millis(h.getValueAtPercentile(95)),
                millis(h.getValueAtPercentile(99)))));
        return series;
    }

    /** Percentile {@code p} of a histogram of microseconds, in milliseconds; NaN when it is empty. */
    static double percentileMillis(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : millis(h.getValueAtPercentile(p));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    /** Percentiles of one bucket, in milliseconds. */
    record Bucket(long startMillis, long count, double p50, double p95, double p99) {}
}
