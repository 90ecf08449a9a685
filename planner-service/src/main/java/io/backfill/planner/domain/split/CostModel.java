package io.backfill.planner.domain.split;

import io.backfill.core.Partition;
import java.util.Map;
import java.util.Objects;

/**
 * Estimated warehouse seconds to stage one partition. The splitter sizes phases from it.
 *
 * <p>Before anything ran, the estimate comes from row counts and a rows-per-second rate; once
 * partitions have run, observed seconds replace the guess for those partitions and the observed
 * average stands in for the rest (see {@link #observed}).
 */
@FunctionalInterface
public interface CostModel {

    /** Seconds, never negative. */
    double secondsFor(Partition partition);

    /** Every partition costs the same. */
    static CostModel uniform(double secondsPerPartition) {
        requireNonNegative(secondsPerPartition, "secondsPerPartition");
        return partition -> secondsPerPartition;
    }

    /**
     * Row count × (1 / rowsPerSecond), keyed by {@link Partition#key()}. Partitions missing from the
     * map (new, or not counted yet) are assumed to hold {@code defaultRows}.
     */
    static CostModel fromRowCounts(Map<String, Long> rowsByKey, double rowsPerSecond, long defaultRows) {
        Objects.requireNonNull(rowsByKey, "rowsByKey");
        if (!(rowsPerSecond > 0)) {
            throw new IllegalArgumentException("rowsPerSecond must be positive, was " + rowsPerSecond);
        }
        Map<String, Long> rows = Map.copyOf(rowsByKey);
        return partition -> Math.max(0L, rows.getOrDefault(partition.key(), defaultRows)) / rowsPerSecond;
    }

    /**
     * Observed seconds where known (keyed by {@link Partition#key()}), {@code fallback} otherwise.
     * Observations win because they include everything a row count cannot see (joins, skew, load).
     */
    static CostModel observed(Map<String, Double> secondsByKey, CostModel fallback) {
        Objects.requireNonNull(fallback, "fallback");
        Map<String, Double> seconds = Map.copyOf(secondsByKey);
        return partition -> {
            Double observed = seconds.get(partition.key());
            return observed != null ? Math.max(0.0, observed) : fallback.secondsFor(partition);
        };
    }

    private static void requireNonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite non-negative number, was " + value);
        }
    }
}
