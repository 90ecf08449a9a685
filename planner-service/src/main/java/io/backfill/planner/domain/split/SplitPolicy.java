package io.backfill.planner.domain.split;

import java.time.Duration;

/**
 * How large a phase should be. A phase is the unit of release, gating, publish and rollback, so it
 * should be long enough to amortise its fixed cost (a message, a gate run, a publish transaction)
 * and short enough that a rejection or crash wastes little and pacing stays responsive.
 *
 * <p>Precedence when the limits disagree: {@code maxPartitions} always holds; then
 * {@code minPartitions} (a phase takes at least that many partitions, even past the target, except
 * the last phase when the range runs out); then {@code targetDuration}.
 *
 * @param targetDuration estimated cost a phase should not exceed
 * @param minPartitions at least 1
 * @param maxPartitions at least {@code minPartitions}, at most {@link #MAX_PARTITIONS_PER_PHASE}
 */
public record SplitPolicy(Duration targetDuration, int minPartitions, int maxPartitions) {

    /**
     * The most partitions any phase may hold. A phase's instruction and its status record list every
     * partition of it, so this is what bounds their size (about 60 bytes a partition in the status):
     * however large a backfill, no record about one phase grows past it.
     */
    public static final int MAX_PARTITIONS_PER_PHASE = 1_000;

    public SplitPolicy {
        if (targetDuration == null || targetDuration.isNegative() || targetDuration.isZero()) {
            throw new IllegalArgumentException("targetDuration must be positive, was " + targetDuration);
        }
        if (minPartitions < 1) {
            throw new IllegalArgumentException("minPartitions must be at least 1, was " + minPartitions);
        }
        if (maxPartitions < minPartitions) {
            throw new IllegalArgumentException(
                    "maxPartitions (" + maxPartitions + ") must be at least minPartitions (" + minPartitions + ")");
        }
        if (maxPartitions > MAX_PARTITIONS_PER_PHASE) {
            throw new IllegalArgumentException("maxPartitions (" + maxPartitions + ") must be at most "
                    + MAX_PARTITIONS_PER_PHASE + ": every record about a phase lists its partitions");
        }
    }

    /** The target in (fractional) seconds, the unit of {@link CostModel}. */
    public double targetSeconds() {
        return targetDuration.toNanos() / 1e9;
    }
}
