package io.backfill.planner.messaging;

import io.backfill.events.BackfillCommand;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseProgress;
import io.backfill.planner.domain.lifecycle.BackfillEvent;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import io.backfill.planner.domain.lifecycle.BackfillEvent.CommandIssued;
import io.backfill.planner.domain.lifecycle.BackfillEvent.GateDecided;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionRolledBack;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseDiscarded;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseFailed;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhasePublished;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseRolledBack;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStarted;
import io.backfill.planner.domain.lifecycle.BackfillEvent.ScopedRollback;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Verdict;
import java.util.Optional;

/**
 * Reads the planner's input events ({@code phase-progress}, {@code gate-decisions},
 * {@code backfill-commands}) into domain {@link BackfillEvent}s. Progress kinds the lifecycle does not
 * track (PAUSED, RESUMED, UNKNOWN) map to nothing; the status book still records them.
 */
public final class EventMapping {

    private EventMapping() {}

    public static Optional<BackfillEvent> event(PhaseProgress p) {
        String id = p.getEventId();
        String phase = p.getPhaseId();
        return Optional.ofNullable(
                switch (p.getType()) {
                    case STARTED -> new PhaseStarted(id, p.getOccurredAt(), phase);
                    case PARTITION_STAGED ->
                        p.getPartition() == null
                                ? null
                                : new PartitionStaged(
                                        id,
                                        p.getOccurredAt(),
                                        phase,
                                        p.getPartition(),
                                        p.getDurationMillis() == null ? null : p.getDurationMillis() / 1000.0,
                                        p.getComputeSeconds() == null ? 0 : p.getComputeSeconds());
                    case STAGED -> new PhaseStaged(id, p.getOccurredAt(), phase);
                    case PUBLISHED -> new PhasePublished(id, p.getOccurredAt(), phase);
                    case DISCARDED -> new PhaseDiscarded(id, p.getOccurredAt(), phase);
                    case ROLLED_BACK ->
                        p.getPartition() != null
                                ? new PartitionRolledBack(id, p.getOccurredAt(), phase, p.getPartition())
                                : new PhaseRolledBack(id, p.getOccurredAt(), phase);
                    case FAILED ->
                        new PhaseFailed(
                                id,
                                p.getOccurredAt(),
                                phase,
                                p.getReason() == null ? "no reason given" : p.getReason());
                    case PAUSED, RESUMED, UNKNOWN -> null;
                });
    }

    public static BackfillEvent event(GateDecision d) {
        return new GateDecided(
                d.getEventId(),
                d.getDecidedAt(),
                d.getPhaseId(),
                d.getOutcome() == GateOutcome.COMMIT ? Verdict.COMMIT : Verdict.REJECT,
                d.getSummary());
    }

    public static BackfillEvent event(BackfillCommand c) {
        String by = c.getRequestedBy() == null ? "unknown" : c.getRequestedBy().getUser();
        return switch (c.getType()) {
            case PAUSE -> new CommandIssued(c.getEventId(), c.getIssuedAt(), Command.PAUSE, by);
            case RESUME -> new CommandIssued(c.getEventId(), c.getIssuedAt(), Command.RESUME, by);
            case CANCEL -> new CommandIssued(c.getEventId(), c.getIssuedAt(), Command.CANCEL, by);
            case APPROVE -> new CommandIssued(c.getEventId(), c.getIssuedAt(), Command.APPROVE, by);
            case ROLLBACK ->
                c.getPhaseId() == null && c.getPartition() == null
                        ? new CommandIssued(c.getEventId(), c.getIssuedAt(), Command.ROLLBACK, by)
                        : new ScopedRollback(c.getEventId(), c.getIssuedAt(), c.getPhaseId(), c.getPartition(), by);
        };
    }
}
