package io.backfill.planner.dashboard;

import io.backfill.events.BackfillStatus;
import io.backfill.events.PartitionStatus;
import io.backfill.events.PhaseStatus;
import io.backfill.planner.status.StatusView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard reads from the planner's status view ({@code backfill-status} summaries and
 * {@code backfill-phase-status} phase records), shaped for the page. Plain: the resource only wires it.
 */
public final class DashboardReads {

    /** Phase records read per range scan while building a heatmap. */
    static final int PHASE_PAGE = 1_000;

    /** One phase as the page's phase table shows it, with its latest gate decision when known. */
    public record PhaseRow(
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
            GateBook.Decision gate) {}

    /** One page of phase rows; {@code next} is null after the last. */
    public record PhasePage(String backfillId, int phaseCount, int offset, Integer next, List<PhaseRow> phases) {}

    /** A backfill's detail: its summary row plus what the summary record says beyond counts. */
    public record Detail(
            BackfillSummary summary,
            List<String> alerts,
            List<String> problems,
            String queuedBehind,
            int replans,
            Double estimatedSeconds) {}

    private DashboardReads() {}

    /** Every backfill, live ones first, then newest update first. */
    public static List<BackfillSummary> list(StatusView view) {
        return view.all().stream()
                .map(BackfillSummary::of)
                .sorted(Comparator.comparing((BackfillSummary b) -> BackfillSummary.FINAL_STATES.contains(b.state()))
                        .thenComparing(BackfillSummary::updatedAt, Comparator.reverseOrder()))
                .toList();
    }

    public static Detail detail(BackfillStatus s) {
        return new Detail(
                BackfillSummary.of(s),
                List.copyOf(s.getAlerts()),
                List.copyOf(s.getProblems()),
                s.getQueuedBehind(),
                s.getReplans(),
                s.getEstimatedSeconds());
    }

    /** Every partition of the backfill in range order, folded into at most {@code cells} cells. */
    public static Heatmap.View heatmap(StatusView view, BackfillStatus status, int cells) {
        Heatmap map = new Heatmap(status.getPartitionsTotal(), cells);
        List<PhaseStatus> legacy = status.getPhases();
        if (!legacy.isEmpty()) {
            legacy.forEach(phase -> feed(map, phase));
            return map.view();
        }
        for (int offset = 0; offset < status.getPhaseCount(); offset += PHASE_PAGE) {
            List<PhaseStatus> page = view.phases(status.getBackfillId(), offset, PHASE_PAGE);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(phase -> feed(map, phase));
        }
        return map.view();
    }

    static void feed(Heatmap map, PhaseStatus phase) {
        for (PartitionStatus p : phase.getPartitions()) {
            map.add(new Heatmap.Partition(
                    p.getPartition(),
                    Heatmap.displayState(p.getState(), phase.getState()),
                    p.getRows(),
                    p.getComputeSeconds(),
                    phase.getPhaseId(),
                    phase.getState(),
                    phase.getExecutorId(),
                    phase.getAttempt(),
                    phase.getDecision()));
        }
    }

    /** One page of phases with their gate decisions (every check's observed and expected values). */
    public static PhasePage phases(StatusView view, BackfillStatus status, GateBook gates, int offset, int limit) {
        List<PhaseStatus> page = status.getPhases().isEmpty()
                ? view.phases(status.getBackfillId(), offset, limit)
                : status.getPhases().stream().skip(offset).limit(limit).toList();
        Map<String, GateBook.Decision> decisions = gates.decisions(
                status.getBackfillId(),
                page.stream().map(PhaseStatus::getPhaseId).toList());
        List<PhaseRow> rows = new ArrayList<>(page.size());
        for (PhaseStatus p : page) {
            rows.add(new PhaseRow(
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
                    decisions.get(p.getPhaseId())));
        }
        int count = Math.max(status.getPhaseCount(), status.getPhases().size());
        long next = (long) offset + limit;
        return new PhasePage(status.getBackfillId(), count, offset, next < count ? (int) next : null, rows);
    }
}
