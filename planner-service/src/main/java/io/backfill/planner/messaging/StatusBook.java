package io.backfill.planner.messaging;

import io.backfill.core.Partition;
import io.backfill.core.PartitionRange;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.CheckResult;
import io.backfill.events.CheckStatus;
import io.backfill.events.GateDecision;
import io.backfill.events.PartitionStatus;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.PhaseStatus;
import io.backfill.events.Requester;
import io.backfill.events.RolloutMode;
import io.backfill.events.TableRef;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.lifecycle.PartitionState;
import io.backfill.planner.domain.lifecycle.PhaseRun;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.split.PhasePlan;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts the status view shows beyond the lifecycle: rows and compute per phase, the executor
 * working on it, the gate's verdict and failed checks, whether an executor reported it paused, and
 * the latest alerts per backfill. Fed from {@code phase-progress}, {@code gate-decisions} and the
 * planner's own alerts; turns a {@link BackfillRun} into the {@code BackfillStatus} record written
 * (compacted, key backfillId) to {@code backfill-status}.
 *
 * <p>It also reads a plan back from a status: the phases' first partitions and counts are the
 * planner's durable record of how it split a backfill, so a restart never re-splits with different
 * row counts under phases it already released.
 */
public final class StatusBook {

    /** Alerts kept per backfill in the status record: enough to see what is wrong, bounded in size. */
    static final int ALERTS_KEPT = 20;

    private static final class PhaseFacts {
        int attempt = 1;
        long rows;
        double computeSeconds;
        String executorId;
        String decision;
        List<String> failedChecks = List.of();
        boolean paused;
        final Map<String, PartitionFacts> partitions = new HashMap<>();
    }

    /** What the executor reported for one partition in the phase's current attempt. */
    private record PartitionFacts(long rows, double computeSeconds, Long durationMillis) {}

    private final Map<String, PhaseFacts> phases = new HashMap<>();
    private final Map<String, Deque<String>> alerts = new HashMap<>();

    public void progress(PhaseProgress p) {
        PhaseFacts facts = phases.computeIfAbsent(p.getPhaseId(), id -> new PhaseFacts());
        if (p.getAttempt() < facts.attempt) {
            return;
        }
        if (p.getAttempt() > facts.attempt) {
            // A retry starts from scratch: the old attempt's staging was discarded.
            PhaseFacts fresh = new PhaseFacts();
            fresh.attempt = p.getAttempt();
            phases.put(p.getPhaseId(), fresh);
            facts = fresh;
        }
        facts.executorId = p.getExecutorId();
        if (p.getType() == PhaseProgressType.PARTITION_STAGED) {
            facts.rows += p.getRows() == null ? 0 : p.getRows();
            facts.computeSeconds += p.getComputeSeconds() == null ? 0 : p.getComputeSeconds();
            if (p.getPartition() != null) {
                facts.partitions.put(
                        p.getPartition(),
                        new PartitionFacts(
                                p.getRows() == null ? 0 : p.getRows(),
                                p.getComputeSeconds() == null ? 0 : p.getComputeSeconds(),
                                p.getDurationMillis()));
            }
        }
        facts.paused = p.getType() == PhaseProgressType.PAUSED;
    }

    public void gate(GateDecision d) {
        PhaseFacts facts = phases.computeIfAbsent(d.getPhaseId(), id -> new PhaseFacts());
        facts.decision = d.getOutcome().name() + " " + d.getDecisionId() + ": " + d.getSummary();
        List<String> failed = new ArrayList<>();
        for (CheckResult check : d.getChecks()) {
            if (check.getStatus() == CheckStatus.FAIL || check.getStatus() == CheckStatus.ERROR) {
                failed.add(check.getName() + (check.getPartition() == null ? "" : "@" + check.getPartition()) + " "
                        + check.getStatus() + ": observed " + check.getObserved() + ", expected "
                        + check.getExpected());
            }
        }
        facts.failedChecks = List.copyOf(failed);
    }

    public void alert(String backfillId, String line) {
        Deque<String> lines = alerts.computeIfAbsent(backfillId, id -> new ArrayDeque<>());
        lines.addLast(line);
        while (lines.size() > ALERTS_KEPT) {
            lines.removeFirst();
        }
    }

    /** Seeds the alert lines from a status written before a restart. */
    public void restoreAlerts(String backfillId, List<String> lines) {
        lines.forEach(line -> alert(backfillId, line));
    }

    public BackfillStatus status(BackfillRun run, BackfillRequested request, Planner planner, Instant now) {
        List<PhaseStatus> phaseStatuses = new ArrayList<>();
        int total = 0;
        int staged = 0;
        int published = 0;
        long rows = 0;
        double estimated = 0;
        for (PhaseRun phase : run.phases()) {
            PhaseFacts facts = phases.getOrDefault(phase.phaseId(), new PhaseFacts());
            int stagedHere = stagedPartitions(phase);
            total += phase.plan().size();
            staged += stagedHere;
            if (phase.status() == io.backfill.planner.domain.lifecycle.PhaseStatus.PUBLISHED) {
                published += phase.plan().size() - phase.rolledBackPartitions().size();
            }
            rows += facts.rows;
            estimated += phase.plan().estimatedSeconds();
            boolean running = phase.status() == io.backfill.planner.domain.lifecycle.PhaseStatus.RUNNING
                    || phase.status() == io.backfill.planner.domain.lifecycle.PhaseStatus.RELEASED;
            phaseStatuses.add(PhaseStatus.newBuilder()
                    .setPhaseId(phase.phaseId())
                    .setSequence(phase.plan().index())
                    .setState(
                            facts.paused && running ? "PAUSED" : phase.status().name())
                    .setFirstPartition(phase.plan().first().key())
                    .setLastPartition(phase.plan().last().key())
                    .setPartitionCount(phase.plan().size())
                    .setPartitionsStaged(stagedHere)
                    .setAttempt(phase.attempt())
                    .setRows(facts.rows)
                    .setComputeSeconds(facts.computeSeconds)
                    .setExecutorId(facts.executorId)
                    .setDecision(facts.decision)
                    .setFailedChecks(facts.failedChecks)
                    .setPartitions(partitionStatuses(phase, facts))
                    .setEstimatedSeconds(phase.plan().estimatedSeconds())
                    .build());
        }
        return BackfillStatus.newBuilder()
                .setBackfillId(run.id())
                .setState(BackfillState.valueOf(run.status().name()))
                .setRequester(
                        request == null
                                ? null
                                : Requester.newBuilder(request.getRequester()).build())
                .setTarget(
                        request == null
                                ? null
                                : TableRef.newBuilder(request.getTarget()).build())
                .setRolloutMode(RolloutMode.valueOf(run.spec().rolloutMode().name()))
                .setProblems(run.rejection())
                .setQueuedBehind(run.queuedBehind().isEmpty() ? null : String.join(", ", run.queuedBehind()))
                .setPhases(phaseStatuses)
                .setPartitionsTotal(total)
                .setPartitionsStaged(staged)
                .setPartitionsPublished(published)
                .setRowsWritten(rows)
                // Every attempt's compute, discarded ones included: what the budget is charged.
                .setComputeSeconds(run.computeSpent())
                .setComputeBudgetSeconds(
                        request == null || request.getBudget() == null
                                ? null
                                : request.getBudget().getMaxComputeSeconds())
                .setStateReason(run.stateReason().orElse(null))
                .setReplans(run.replans())
                .setEstimatedSeconds(estimated)
                .setDeadline(run.spec().deadline().orElse(null))
                .setProjectedFinish(planner.projectedFinish(run.id()).orElse(null))
                .setAlerts(List.copyOf(alerts.getOrDefault(run.id(), new ArrayDeque<>())))
                .setUpdatedAt(now)
                .build();
    }

    /** A rejection the planner could not even read into a run (no spec): the status says why. */
    public static BackfillStatus rejected(BackfillRequested request, List<String> problems, Instant now) {
        return BackfillStatus.newBuilder()
                .setBackfillId(request.getBackfillId())
                .setState(BackfillState.REJECTED)
                .setRequester(Requester.newBuilder(request.getRequester()).build())
                .setTarget(TableRef.newBuilder(request.getTarget()).build())
                .setRolloutMode(request.getRolloutMode())
                .setProblems(problems)
                .setUpdatedAt(now)
                .build();
    }

    /** The plan recorded in {@code status}, or empty when it has none or does not fit {@code range}. */
    public static Optional<List<PhasePlan>> plansOf(BackfillStatus status, PartitionRange range) {
        if (status.getPhases().isEmpty() || range == null || !range.problems().isEmpty()) {
            return Optional.empty();
        }
        List<Partition> partitions = range.partitions();
        Map<String, Integer> indexByKey = new HashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            indexByKey.put(partitions.get(i).key(), i);
        }
        List<PhasePlan> plans = new ArrayList<>();
        for (PhaseStatus phase : status.getPhases()) {
            Integer from = indexByKey.get(phase.getFirstPartition());
            if (from == null || from + phase.getPartitionCount() > partitions.size()) {
                return Optional.empty();
            }
            plans.add(new PhasePlan(
                    phase.getPhaseId(),
                    phase.getSequence(),
                    partitions.subList(from, from + phase.getPartitionCount()),
                    phase.getEstimatedSeconds() == null ? 0 : phase.getEstimatedSeconds()));
        }
        return Optional.of(plans);
    }

    private static List<PartitionStatus> partitionStatuses(PhaseRun phase, PhaseFacts facts) {
        List<PartitionStatus> statuses = new ArrayList<>();
        // Facts of another attempt than the phase's current one describe discarded staging.
        boolean current = facts.attempt == phase.attempt();
        for (Map.Entry<String, PartitionState> entry : phase.partitionStates().entrySet()) {
            PartitionFacts reported = current ? facts.partitions.get(entry.getKey()) : null;
            statuses.add(PartitionStatus.newBuilder()
                    .setPartition(entry.getKey())
                    .setState(entry.getValue().name())
                    .setRows(reported == null ? 0 : reported.rows())
                    .setComputeSeconds(reported == null ? 0 : reported.computeSeconds())
                    .setDurationMillis(reported == null ? null : reported.durationMillis())
                    .build());
        }
        return statuses;
    }

    private static int stagedPartitions(PhaseRun phase) {
        return switch (phase.status()) {
            case PLANNED -> 0;
            case RELEASED, RUNNING, FAILED -> phase.stagedPartitions().size();
            default -> phase.plan().size();
        };
    }
}
