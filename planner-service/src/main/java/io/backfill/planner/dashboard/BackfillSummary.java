package io.backfill.planner.dashboard;

import io.backfill.events.BackfillStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One row of the dashboard's list of backfills: state, progress and the finish projection against the
 * deadline, from the bounded summary on {@code backfill-status}.
 *
 * <p>{@code done} counts the partitions that left PLANNED in their current attempt (staged, published,
 * discarded, rolled back, rejected or failed), so {@code progress} is {@code done / partitionsTotal}.
 * {@code eta} says how the projected finish stands against the deadline: {@code ON_TRACK} (with
 * {@code slackSeconds} to spare), {@code AT_RISK} (projected past it; {@code slackSeconds} is negative),
 * {@code NO_DEADLINE}, {@code NO_PROJECTION} (nothing measured yet) or {@code ENDED} once the backfill is
 * in a final state. {@code throttleReason} is what held the backfill back when its status was written (a
 * manual throttle, or the load's reason), null when nothing did.
 */
public record BackfillSummary(
        String backfillId,
        String state,
        String stateReason,
        String target,
        String rolloutMode,
        String requester,
        int partitionsTotal,
        int done,
        double progress,
        Map<String, Integer> partitionStates,
        Map<String, Integer> phaseStates,
        int phaseCount,
        long rowsWritten,
        double computeSeconds,
        Double computeBudgetSeconds,
        Instant deadline,
        Instant projectedFinish,
        String eta,
        Long slackSeconds,
        int alerts,
        Instant updatedAt,
        String throttleReason) {

    static final Set<String> FINAL_STATES = Set.of("COMPLETED", "REJECTED", "CANCELLED", "FAILED", "ROLLED_BACK");

    public static BackfillSummary of(BackfillStatus s) {
        Map<String, Integer> partitions = Map.copyOf(s.getPartitionStates());
        int total = s.getPartitionsTotal();
        int done = total - partitions.getOrDefault("PLANNED", 0);
        if (partitions.isEmpty()) {
            // A status before contract 0.2 has no counts by state: what was staged is what we know.
            done = Math.max(s.getPartitionsStaged(), s.getPartitionsPublished());
        }
        done = Math.max(0, Math.min(done, total));
        String state = s.getState().name();
        Instant deadline = s.getDeadline();
        Instant projected = s.getProjectedFinish();
        String eta;
        Long slack = null;
        if (FINAL_STATES.contains(state)) {
            eta = "ENDED";
        } else if (deadline == null) {
            eta = "NO_DEADLINE";
        } else if (projected == null) {
            eta = "NO_PROJECTION";
        } else {
            slack = Duration.between(projected, deadline).toSeconds();
            eta = projected.isAfter(deadline) ? "AT_RISK" : "ON_TRACK";
        }
        return new BackfillSummary(
                s.getBackfillId(),
                state,
                s.getStateReason(),
                s.getTarget() == null
                        ? null
                        : s.getTarget().getSchemaName() + "." + s.getTarget().getTableName(),
                s.getRolloutMode().name(),
                s.getRequester() == null ? null : s.getRequester().getUser(),
                total,
                done,
                total == 0 ? 0 : Math.round(10_000.0 * done / total) / 10_000.0,
                partitions,
                Map.copyOf(s.getPhaseStates()),
                s.getPhaseCount(),
                s.getRowsWritten(),
                s.getComputeSeconds(),
                s.getComputeBudgetSeconds(),
                deadline,
                projected,
                eta,
                slack,
                s.getAlerts().size(),
                s.getUpdatedAt(),
                s.getThrottleReason());
    }
}
