package io.backfill.executor.domain.phase;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where a (re)delivered phase picks up: its partitions in order minus those its checkpoints say are
 * done. A phase redelivered after a crash or a rebalance is recognised by its phase id, and every
 * partition with a checkpoint is skipped, never redone (DESIGN.md core rule 4).
 */
public final class PhaseResume {

    private PhaseResume() {}

    /**
     * The partition keys still to stage, in the phase's order.
     *
     * @param phasePartitions the phase's partition keys in order
     * @param done keys whose checkpoint says staged (or later: published, finalised)
     */
    public static List<String> remaining(List<String> phasePartitions, Collection<String> done) {
        Objects.requireNonNull(phasePartitions, "phasePartitions");
        Set<String> skip = Set.copyOf(done);
        return phasePartitions.stream().filter(p -> !skip.contains(p)).toList();
    }
}
