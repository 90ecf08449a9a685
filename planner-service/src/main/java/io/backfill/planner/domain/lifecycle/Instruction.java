package io.backfill.planner.domain.lifecycle;

import io.backfill.planner.domain.split.PhasePlan;
import java.util.OptionalDouble;

/**
 * What the planner tells executors to do, as plain values; the messaging layer turns them into
 * {@code PhasePlanned} / {@code PhaseCommand} records on {@code backfill-phases}.
 */
public sealed interface Instruction {

    String backfillId();

    String phaseId();

    /**
     * Run (stage) a phase. {@code attempt} starts at 1 and grows with each retry, so executors can tell
     * retries from redeliveries. {@code computeAllowance} is what is left of the backfill's compute budget at
     * release (empty: no budget), so the executor can stop the phase itself once it is spent.
     */
    record ReleasePhase(String backfillId, PhasePlan phase, int attempt, OptionalDouble computeAllowance)
            implements Instruction {

        public ReleasePhase(String backfillId, PhasePlan phase, int attempt) {
            this(backfillId, phase, attempt, OptionalDouble.empty());
        }

        @Override
        public String phaseId() {
            return phase.phaseId();
        }
    }

    /** Replace the phase's target partitions with its staged data, keeping the previous contents. */
    record PublishPhase(String backfillId, String phaseId) implements Instruction {}

    /** Drop the phase's staged data; the target is untouched. */
    record DiscardPhase(String backfillId, String phaseId, String reason) implements Instruction {}

    /** Restore the phase's target partitions to their contents before publish. */
    record RollbackPhase(String backfillId, String phaseId) implements Instruction {}

    /** Stop staging the phase and take no further partitions of it. */
    record AbortPhase(String backfillId, String phaseId, String reason) implements Instruction {}

    /** Restore one published partition of the phase to its contents before publish. */
    record RollbackPartition(String backfillId, String phaseId, String partitionKey) implements Instruction {}

    /** Stop taking partitions of a running phase at the next partition boundary; staged work is kept. */
    record PausePhase(String backfillId, String phaseId) implements Instruction {}

    /** Continue a paused phase at its first unstaged partition. */
    record ResumePhase(String backfillId, String phaseId) implements Instruction {}
}
