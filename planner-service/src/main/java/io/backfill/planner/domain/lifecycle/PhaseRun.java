package io.backfill.planner.domain.lifecycle;

import io.backfill.core.Partition;
import io.backfill.planner.domain.split.PhasePlan;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The live state of one phase inside a {@link BackfillRun}. Read-only to the outside; only the run
 * changes it, so every transition goes through the run's rules.
 */
public final class PhaseRun {

    /** Why a phase is being discarded decides what its DISCARDED confirmation means. */
    enum DiscardCause {
        NONE,
        SHADOW_COMMIT,
        GATE_REJECTED,
        STOPPED
    }

    private final PhasePlan plan;
    private PhaseStatus status = PhaseStatus.PLANNED;
    private int attempt = 1;
    private Instant notBefore = Instant.MIN;
    private Instant lastProgressAt;
    private DiscardCause discardCause = DiscardCause.NONE;
    private final Set<String> stagedPartitions = new LinkedHashSet<>();
    private final Set<String> rolledBackPartitions = new LinkedHashSet<>();

    PhaseRun(PhasePlan plan) {
        this.plan = plan;
    }

    public PhasePlan plan() {
        return plan;
    }

    public String phaseId() {
        return plan.phaseId();
    }

    public PhaseStatus status() {
        return status;
    }

    /** 1 for the first run, 2 for the first retry, ... */
    public int attempt() {
        return attempt;
    }

    /** A retried phase is not released before this instant (backoff). */
    public Instant notBefore() {
        return notBefore;
    }

    /** When the phase was last released or reported progress; null while never released. */
    public Instant lastProgressAt() {
        return lastProgressAt;
    }

    /** Partition keys staged in the current attempt. */
    public Set<String> stagedPartitions() {
        return Set.copyOf(stagedPartitions);
    }

    /** Published partitions restored one by one (partition rollback); the phase itself stays PUBLISHED. */
    public Set<String> rolledBackPartitions() {
        return Set.copyOf(rolledBackPartitions);
    }

    /** True when {@code partitionKey} is one of this phase's partitions. */
    public boolean contains(String partitionKey) {
        return plan.partitions().stream().anyMatch(p -> p.key().equals(partitionKey));
    }

    void partitionRolledBack(String partitionKey, Instant at) {
        rolledBackPartitions.add(partitionKey);
        if (at != null) {
            lastProgressAt = at;
        }
    }

    /** True when the latest discard (or the halt) came from a gate rejection. */
    public boolean rejectedByGate() {
        return discardCause == DiscardCause.GATE_REJECTED;
    }

    /** Every partition of the phase, in time order, with its state. */
    public Map<String, PartitionState> partitionStates() {
        Map<String, PartitionState> states = new LinkedHashMap<>();
        for (Partition partition : plan.partitions()) {
            states.put(partition.key(), stateOf(partition.key()));
        }
        return states;
    }

    private PartitionState stateOf(String key) {
        return switch (status) {
            case PLANNED -> PartitionState.PLANNED;
            case RELEASED, RUNNING -> stagedPartitions.contains(key) ? PartitionState.STAGED : PartitionState.PLANNED;
            case STAGED, PUBLISHING -> PartitionState.STAGED;
            case PUBLISHED ->
                rolledBackPartitions.contains(key) ? PartitionState.ROLLED_BACK : PartitionState.PUBLISHED;
            case DISCARDING, DISCARDED -> rejectedByGate() ? PartitionState.REJECTED : PartitionState.DISCARDED;
            case FAILED -> rejectedByGate() ? PartitionState.REJECTED : PartitionState.FAILED;
            case ROLLED_BACK -> PartitionState.ROLLED_BACK;
        };
    }

    DiscardCause discardCause() {
        return discardCause;
    }

    void moveTo(PhaseStatus next, Instant at) {
        status = next;
        if (at != null) {
            lastProgressAt = at;
        }
    }

    void discarding(DiscardCause cause, Instant at) {
        discardCause = cause;
        moveTo(PhaseStatus.DISCARDING, at);
    }

    void staged(String partitionKey, Instant at) {
        stagedPartitions.add(partitionKey);
        moveTo(PhaseStatus.RUNNING, at);
    }

    void retryAfter(Instant notBefore) {
        attempt++;
        this.notBefore = notBefore;
        discardCause = DiscardCause.NONE;
        stagedPartitions.clear();
        status = PhaseStatus.PLANNED;
    }
}
