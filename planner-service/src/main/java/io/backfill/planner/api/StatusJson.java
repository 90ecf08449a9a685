package io.backfill.planner.api;

import io.backfill.events.BackfillStatus;
import io.backfill.events.PartitionStatus;
import io.backfill.events.PhaseStatus;
import java.time.Instant;
import java.util.List;

/**
 * One backfill as {@code GET /backfills[/{id}]} shows it: the {@code BackfillStatus} record from the
 * status view, as plain JSON (Avro classes carry their schema and do not serialise cleanly).
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
        List<Phase> phases,
        int partitionsTotal,
        int partitionsStaged,
        int partitionsPublished,
        long rowsWritten,
        double computeSeconds,
        Double computeBudgetSeconds,
        int replans,
        Instant deadline,
        Instant projectedFinish,
        List<String> alerts,
        Instant updatedAt) {

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
            List<Partition> partitions) {}

    /** One partition of a phase in the phase's current attempt: state, rows, compute and staging time. */
    public record Partition(String partition, String state, long rows, double computeSeconds, Long durationMillis) {}

    public static StatusJson of(BackfillStatus s) {
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
                s.getPhases().stream().map(StatusJson::phase).toList(),
                s.getPartitionsTotal(),
                s.getPartitionsStaged(),
                s.getPartitionsPublished(),
                s.getRowsWritten(),
                s.getComputeSeconds(),
                s.getComputeBudgetSeconds(),
                s.getReplans(),
                s.getDeadline(),
                s.getProjectedFinish(),
                List.copyOf(s.getAlerts()),
                s.getUpdatedAt());
    }

    private static Phase phase(PhaseStatus p) {
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
                p.getPartitions().stream().map(StatusJson::partition).toList());
    }

    private static Partition partition(PartitionStatus p) {
        return new Partition(p.getPartition(), p.getState(), p.getRows(), p.getComputeSeconds(), p.getDurationMillis());
    }
}
