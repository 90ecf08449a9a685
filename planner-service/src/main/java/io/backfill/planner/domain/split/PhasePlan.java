package io.backfill.planner.domain.split;

import io.backfill.core.Partition;
import java.util.List;

/**
 * One planned phase: a contiguous run of partitions of the backfill's range, with the cost the
 * splitter estimated for it.
 *
 * @param phaseId {@code <backfillId>-p<index>}, stable across re-plans of the same range
 * @param index 0-based position in the backfill
 * @param partitions in time order, never empty
 */
public record PhasePlan(String phaseId, int index, List<Partition> partitions, double estimatedSeconds) {

    public PhasePlan {
        partitions = List.copyOf(partitions);
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("phase " + phaseId + " has no partitions");
        }
    }

    public static String phaseId(String backfillId, int index) {
        return backfillId + "-p" + index;
    }

    public Partition first() {
        return partitions.getFirst();
    }

    public Partition last() {
        return partitions.getLast();
    }

    public int size() {
        return partitions.size();
    }
}
