package io.backfill.planner.domain.lifecycle;

import java.time.Instant;

/**
 * Something that happened to a backfill, as the planner consumes it: executor progress, a gate
 * decision, or a user command. Every event carries a unique id so a redelivered record is
 * recognised and ignored.
 */
public sealed interface BackfillEvent {

    String eventId();

    Instant at();

    /** An event about one phase. */
    sealed interface PhaseEvent extends BackfillEvent {
        String phaseId();
    }

    record PhaseStarted(String eventId, Instant at, String phaseId) implements PhaseEvent {}

    /**
     * One partition staged. {@code seconds} (wall time of its staging, null when the executor did not say)
     * feeds the re-split of unreleased phases; {@code computeSeconds} counts against the compute budget.
     */
    record PartitionStaged(
            String eventId, Instant at, String phaseId, String partitionKey, Double seconds, double computeSeconds)
            implements PhaseEvent {

        public PartitionStaged(String eventId, Instant at, String phaseId, String partitionKey) {
            this(eventId, at, phaseId, partitionKey, null, 0);
        }
    }

    record PhaseStaged(String eventId, Instant at, String phaseId) implements PhaseEvent {}

    record PhasePublished(String eventId, Instant at, String phaseId) implements PhaseEvent {}

    record PhaseDiscarded(String eventId, Instant at, String phaseId) implements PhaseEvent {}

    record PhaseRolledBack(String eventId, Instant at, String phaseId) implements PhaseEvent {}

    record PhaseFailed(String eventId, Instant at, String phaseId, String reason) implements PhaseEvent {}

    /** The validator's verdict on a staged phase; {@code summary} is for humans and the audit trail. */
    record GateDecided(String eventId, Instant at, String phaseId, Verdict verdict, String summary)
            implements PhaseEvent {}

    /**
     * The executor restored one partition of a published phase ({@code PhaseProgress} ROLLED_BACK with a
     * partition); the phase stays PUBLISHED with that partition marked rolled back.
     */
    record PartitionRolledBack(String eventId, Instant at, String phaseId, String partitionKey) implements PhaseEvent {}

    /**
     * A user asked to roll back one phase ({@code phaseId}, partition null) or one partition
     * ({@code partitionKey}; {@code phaseId} optional, found from the key when null). A ROLLBACK without
     * either is a {@link CommandIssued} for the whole backfill.
     */
    record ScopedRollback(String eventId, Instant at, String phaseId, String partitionKey, String issuedBy)
            implements BackfillEvent {}

    /** A user command. */
    record CommandIssued(String eventId, Instant at, Command command, String issuedBy) implements BackfillEvent {}

    enum Verdict {
        COMMIT,
        REJECT
    }

    enum Command {
        PAUSE,
        RESUME,
        CANCEL,
        APPROVE,
        ROLLBACK
    }
}
