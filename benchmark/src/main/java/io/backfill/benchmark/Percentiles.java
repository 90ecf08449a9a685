package io.backfill.benchmark;

import java.time.Duration;
import java.util.List;

/** Nearest-rank percentiles of small samples (reaction trials, phase dispatches). */
final class Percentiles {

    private Percentiles() {}

    /** The smallest value with at least {@code p} percent of the sample at or below it; empty sample gives null. */
    static Duration of(List<Duration> sample, double p) {
        if (sample.isEmpty()) {
            return null;
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        List<Duration> sorted = sample.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }
}
