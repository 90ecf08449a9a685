package io.backfill.planner.domain.split;

import io.backfill.core.Partition;
import io.backfill.core.PartitionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a backfill's partitions into contiguous, non-overlapping phases whose estimated cost
 * approaches a target duration.
 *
 * <p>One greedy pass in time order, O(n): a phase keeps taking the next partition until it holds
 * {@code maxPartitions}, or it holds at least {@code minPartitions} and the next partition would
 * push its estimated cost over the target. That yields, for every pair of adjacent phases, that
 * they could not be merged within the policy (so no phase is needlessly small), and every phase
 * stays within the target unless it is no larger than {@code minPartitions}. Greedy is enough: an
 * optimal partitioning would only move boundaries, and boundaries carry no meaning beyond cost.
 */
public final class PhaseSplitter {

    private final SplitPolicy policy;

    public PhaseSplitter(SplitPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Splits every partition of {@code range} (which must have no {@link PartitionRange#problems()}). */
    public List<PhasePlan> split(String backfillId, PartitionRange range, CostModel costs) {
        return split(backfillId, range.partitions(), costs);
    }

    /** Splits {@code partitions}, which must be contiguous and in time order. */
    public List<PhasePlan> split(String backfillId, List<Partition> partitions, CostModel costs) {
        return split(backfillId, partitions, costs, 0);
    }

    /**
     * Splits {@code partitions} into phases numbered from {@code firstIndex}: how the unreleased rest of
     * a plan is re-split while the phases before it keep their ids.
     */
    public List<PhasePlan> split(String backfillId, List<Partition> partitions, CostModel costs, int firstIndex) {
        Objects.requireNonNull(backfillId, "backfillId");
        if (firstIndex < 0) {
            throw new IllegalArgumentException("firstIndex must not be negative, was " + firstIndex);
        }
        Objects.requireNonNull(costs, "costs");
        double target = policy.targetSeconds();
        List<PhasePlan> phases = new ArrayList<>();
        int from = 0;
        double phaseCost = 0;
        for (int i = 0; i < partitions.size(); i++) {
            double cost = costs.secondsFor(partitions.get(i));
            if (!(cost >= 0) || Double.isInfinite(cost)) {
                throw new IllegalArgumentException("cost of partition "
                        + partitions.get(i).key() + " must be finite and non-negative, was " + cost);
            }
            int size = i - from;
            boolean full = size == policy.maxPartitions();
            boolean wouldOvershoot = size >= policy.minPartitions() && phaseCost + cost > target;
            if (size > 0 && (full || wouldOvershoot)) {
                phases.add(phase(backfillId, firstIndex + phases.size(), partitions.subList(from, i), phaseCost));
                from = i;
                phaseCost = 0;
            }
            phaseCost += cost;
        }
        if (from < partitions.size()) {
            phases.add(phase(
                    backfillId, firstIndex + phases.size(), partitions.subList(from, partitions.size()), phaseCost));
        }
        return phases;
    }

    private static PhasePlan phase(String backfillId, int index, List<Partition> partitions, double cost) {
        return new PhasePlan(PhasePlan.phaseId(backfillId, index), index, partitions, cost);
    }
}
