package io.backfill.planner.api;

import io.backfill.events.BackfillStatus;
import io.backfill.events.PartitionStatus;
import io.backfill.events.PhaseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One backfill as {@code GET /backfills[/{id}]} shows it: the {@code BackfillStatus} summary from the
 * status view, as plain JSON (Avro classes carry their schema and do not serialise cleanly), with one
 * page of its phases from {@code backfill-phase-status} ({@code phases}, from sequence
 * {@code phasesOffset}; {@code phasesNext} is the offset of the next page, null after the last). The
 * list shows no phases, only the counts.
 */
public record StatusJson(
        String backfillId,
        String state,
        String stateReason,
        String requester,
        String target,
        String rolloutMode,
        List<String> problems,
        String queuedBehind,
        int phaseCount,
        Map<String, Integer> phaseStates,
        Map<String, Integer> partitionStates,
        int phasesOffset,
        Integer phasesNext,
        List<Phase> phases,
        int partitionsTotal,
        int partitionsStaged,
        int partitionsPublished,
        long rowsWritten,
        double computeSeconds,
        Double computeBudgetSeconds,
        int replans,
        Double estimatedSeconds,
        Instant deadline,
        Instant projectedFinish,
        List<String> alerts,
        Instant updatedAt,
        Load load,
        String throttleReason) {

    /**
     * This status with the throttle reason as of now: the manual throttle in force on the backfill or its
     * warehouse when there is one (the status on the topic is only as new as the backfill's last event).
     */
    public StatusJson withThrottleReason(java.util.Optional<String> manual) {
        if (manual.isEmpty()) {
            return this;
        }
        return new StatusJson(
                backfillId,
                state,
                stateReason,
                requester,
                target,
                rolloutMode,
                problems,
                queuedBehind,
                phaseCount,
                phaseStates,
                partitionStates,
                phasesOffset,
                phasesNext,
                phases,
                partitionsTotal,
                partitionsStaged,
                partitionsPublished,
                rowsWritten,
                computeSeconds,
                computeBudgetSeconds,
                replans,
                estimatedSeconds,
                deadline,
                projectedFinish,
                alerts,
                updatedAt,
                load,
                manual.get());
    }

    /**
     * The warehouse's load when the status was written: pressure, foreground latency ratio (null without a
     * canary), admitted budget in statement-seconds per second (null when the load feed does not say) and
     * when that sample was taken. Null when the planner had seen no load sample.
     */
    public record Load(double pressure, Double latencyRatio, Double admittedBudget, Instant sampledAt) {}

    /**
     * One phase: its partitions (first..last, and each with its own state), state, attempt, rows, compute,
     * verdict and failed checks.
     */
    public record Phase(
            String phaseId,
            int sequence,
            String state,
            String firstPartition,
            String lastPartition,
            int partitionCount,
            int partitionsStaged,
            int attempt,
            long rows,
            double computeSeconds,
            String executorId,
            String decision,
            List<String> failedChecks,
            Double estimatedSeconds,
            List<Partition> partitions) {}

    /**
     * One page of a backfill's phases ({@code GET /backfills/{id}/phases}): {@code next} is the offset of
     * the next page, null when this is the last.
     */
    public record PhasePage(
            String backfillId, int phaseCount, String state, int offset, Integer next, List<Phase> phases) {}

    /** One page of one phase's partitions ({@code GET /backfills/{id}/phases/{sequence}/partitions}). */
    public record PartitionPage(
            String backfillId,
            String phaseId,
            int sequence,
            int partitionCount,
            int offset,
            Integer next,
            List<Partition> partitions) {}

    /** One partition of a phase in the phase's current attempt: state, rows, compute and staging time. */
    public record Partition(String partition, String state, long rows, double computeSeconds, Long durationMillis) {}

    /** The summary alone: no phases (the list of every backfill). */
    public static StatusJson of(BackfillStatus s) {
        return of(s, 0, List.of(), null);
    }

    /** The summary with one page of phases, {@code phases} starting at sequence {@code offset}. */
    public static StatusJson of(BackfillStatus s, int offset, List<PhaseStatus> phases, Integer next) {
        // A status written before contract 0.2 lists its phases itself, and has no phase records.
        List<PhaseStatus> shown = phases.isEmpty() && !s.getPhases().isEmpty() && offset == 0 ? s.getPhases() : phases;
        return new StatusJson(
                s.getBackfillId(),
                s.getState().name(),
                s.getStateReason(),
                s.getRequester() == null ? null : s.getRequester().getUser(),
                s.getTarget() == null
                        ? null
                        : s.getTarget().getSchemaName() + "." + s.getTarget().getTableName(),
                s.getRolloutMode().name(),
                List.copyOf(s.getProblems()),
                s.getQueuedBehind(),
                Math.max(s.getPhaseCount(), s.getPhases().size()),
                Map.copyOf(s.getPhaseStates()),
                Map.copyOf(s.getPartitionStates()),
                offset,
                next,
                shown.stream().map(StatusJson::phase).toList(),
                s.getPartitionsTotal(),
                s.getPartitionsStaged(),
                s.getPartitionsPublished(),
                s.getRowsWritten(),
                s.getComputeSeconds(),
                s.getComputeBudgetSeconds(),
                s.getReplans(),
                s.getEstimatedSeconds(),
                s.getDeadline(),
                s.getProjectedFinish(),
                List.copyOf(s.getAlerts()),
                s.getUpdatedAt(),
                s.getLoadPressure() == null
                        ? null
                        : new Load(
                                s.getLoadPressure(),
                                s.getLoadLatencyRatio(),
                                s.getLoadAdmittedBudget(),
                                s.getLoadSampledAt()),
                s.getThrottleReason());
    }

    static Phase phase(PhaseStatus p) {
        return new Phase(
                p.getPhaseId(),
                p.getSequence(),
                p.getState(),
                p.getFirstPartition(),
                p.getLastPartition(),
                p.getPartitionCount(),
                p.getPartitionsStaged(),
                p.getAttempt(),
                p.getRows(),
                p.getComputeSeconds(),
                p.getExecutorId(),
                p.getDecision(),
                List.copyOf(p.getFailedChecks()),
                p.getEstimatedSeconds(),
                p.getPartitions().stream().map(StatusJson::partition).toList());
    }

    static Partition partition(PartitionStatus p) {
        return new Partition(p.getPartition(), p.getState(), p.getRows(), p.getComputeSeconds(), p.getDurationMillis());
    }
}
