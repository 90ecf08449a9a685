package io.backfill.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * Every foreground query of one scenario: its type, when it was meant to start (nanoseconds after the
 * scenario's start), its latency measured from that intended start, and whether the profile was busy
 * then. Latency from the intended start is the coordinated-omission correction: a query that waited in
 * the queue because the warehouse was slow counts its wait, as the user behind it felt it.
 */
final class ForegroundSamples {

    record Sample(String type, long intendedNanos, long latencyMicros, boolean busy) {}

    /** Percentiles of a set of samples, in milliseconds; NaN when there are none. */
    record Stats(long count, double p50, double p95, double p99) {
        static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN);
    }

    private final List<Sample> samples = new ArrayList<>();
    private long failures;

    /**
     * Records a finished query.
     *
     * @param intendedNanos when the schedule meant it to start, after the scenario's start
     * @param finishedNanos when it finished, on the same scale
     */
    synchronized void record(String type, long intendedNanos, long finishedNanos, boolean busy) {
        samples.add(new Sample(type, intendedNanos, Math.max(0, (finishedNanos - intendedNanos) / 1_000), busy));
    }

    synchronized void failed() {
        failures++;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized List<Sample> all() {
        return List.copyOf(samples);
    }

    /** Samples meant to start inside [fromNanos, toNanos). */
    List<Sample> window(long fromNanos, long toNanos) {
        return all().stream()
                .filter(s -> s.intendedNanos() >= fromNanos && s.intendedNanos() < toNanos)
                .toList();
    }

    static Stats stats(List<Sample> samples, Predicate<Sample> filter) {
        Histogram h = new Histogram(3);
        for (Sample s : samples) {
            if (filter.test(s)) {
                h.recordValue(Math.max(1, s.latencyMicros()));
            }
        }
        if (h.getTotalCount() == 0) {
            return Stats.EMPTY;
        }
        return new Stats(
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0);
    }

    static Stats stats(List<Sample> samples) {
        return stats(samples, s -> true);
    }
}
