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
import java.util.TreeMap;

/**
 * The facts the status view shows beyond the lifecycle: rows and compute per phase, the executor
 * working on it, the gate's verdict and failed checks, whether an executor reported it paused, and
 * the latest alerts per backfill. Fed from {@code phase-progress}, {@code gate-decisions} and the
 * planner's own alerts; turns a {@link BackfillRun} into the {@code BackfillStatus} record written
 * (compacted, key backfillId) to {@code backfill-status}.
 *
 * <p>The summary ({@link #status}) is bounded whatever the backfill's size: counts, not lists, and
 * every text clipped ({@link StatusLimits}). Each phase, with its partitions, is a record of its own
 * ({@link #phases}) for {@code backfill-phase-status}, bounded by the most partitions a phase may hold.
 *
 * <p>It also reads a plan back from phase records: the phases' first partitions and counts are the
 * planner's durable record of how it split a backfill, so a restart never re-splits with different
 * row counts under phases it already released.
 */
public final class StatusBook {

    /** Alerts kept per backfill in the status record: enough to see what is wrong, bounded in size. */
    static final int ALERTS_KEPT = 20;

    private static final class PhaseFacts {
        /** Bumped on every report about the phase, so a cached phase status knows it is out of date. */
        long revision;

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

    private static final PhaseFacts NO_FACTS = new PhaseFacts();

    /**
     * Everything a phase's status record is derived from. The plan is compared by identity (a re-split
     * makes a new one) and the facts by their revision; the rest are plain values.
     */
    private record Signature(
            PhasePlan plan,
            io.backfill.planner.domain.lifecycle.PhaseStatus status,
            int attempt,
            int staged,
            int rolledBack,
            boolean rejectedByGate,
            PhaseFacts facts,
            long revision) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Signature s
                    && s.plan == plan
                    && s.status == status
                    && s.attempt == attempt
                    && s.staged == staged
                    && s.rolledBack == rolledBack
                    && s.rejectedByGate == rejectedByGate
                    && s.facts == facts
                    && s.revision == revision;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(plan) * 31 + attempt;
        }
    }

    /** A phase's status record as last built, with its partitions counted by state for the summary. */
    private record BuiltPhase(Signature signature, PhaseStatus record, Map<String, Integer> partitionStates) {}

    private final Map<String, PhaseFacts> phases = new HashMap<>();
    private final Map<String, BuiltPhase> builtPhases = new HashMap<>();
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
        facts.revision++;
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
        facts.revision++;
        facts.decision = StatusLimits.clip(d.getOutcome().name() + " " + d.getDecisionId() + ": " + d.getSummary());
        List<String> failed = new ArrayList<>();
        for (CheckResult check : d.getChecks()) {
            if (check.getStatus() == CheckStatus.FAIL || check.getStatus() == CheckStatus.ERROR) {
                failed.add(check.getName() + (check.getPartition() == null ? "" : "@" + check.getPartition()) + " "
                        + check.getStatus() + ": observed " + check.getObserved() + ", expected "
                        + check.getExpected());
            }
        }
        facts.failedChecks = StatusLimits.lines(failed, StatusLimits.FAILED_CHECKS_KEPT);
    }

    public void alert(String backfillId, String line) {
        Deque<String> lines = alerts.computeIfAbsent(backfillId, id -> new ArrayDeque<>());
        lines.addLast(StatusLimits.clip(line));
        while (lines.size() > ALERTS_KEPT) {
            lines.removeFirst();
        }
    }

    /** Seeds the alert lines from a status written before a restart. */
    public void restoreAlerts(String backfillId, List<String> lines) {
        lines.forEach(line -> alert(backfillId, line));
    }

    /**
     * The bounded summary of {@code run} for {@code backfill-status}: totals and per-state counts, no
     * phase list (each phase is its own record, see {@link #phases}), so its size does not depend on the
     * partition count.
     */
    public BackfillStatus status(BackfillRun run, BackfillRequested request, Planner planner, Instant now) {
        int total = 0;
        int staged = 0;
        int published = 0;
        long rows = 0;
        double estimated = 0;
        Map<String, Integer> phaseStates = new TreeMap<>();
        Map<String, Integer> partitionStates = new TreeMap<>();
        for (PhaseRun phase : run.phases()) {
            BuiltPhase built = built(phase);
            total += phase.plan().size();
            staged += built.record().getPartitionsStaged();
            if (phase.status() == io.backfill.planner.domain.lifecycle.PhaseStatus.PUBLISHED) {
                published += phase.plan().size() - phase.rolledBackPartitions().size();
            }
            rows += built.record().getRows();
            estimated += phase.plan().estimatedSeconds();
            phaseStates.merge(built.record().getState(), 1, Integer::sum);
            built.partitionStates().forEach((state, count) -> partitionStates.merge(state, count, Integer::sum));
        }
        return BackfillStatus.newBuilder()
                .setBackfillId(run.id())
                .setState(BackfillState.valueOf(run.status().name()))
                .setRequester(request == null ? null : StatusLimits.requester(request.getRequester()))
                .setTarget(
                        request == null
                                ? null
                                : TableRef.newBuilder(request.getTarget()).build())
                .setRolloutMode(RolloutMode.valueOf(run.spec().rolloutMode().name()))
                .setProblems(StatusLimits.lines(run.rejection(), StatusLimits.PROBLEMS_KEPT))
                .setQueuedBehind(
                        run.queuedBehind().isEmpty() ? null : StatusLimits.clip(String.join(", ", run.queuedBehind())))
                .setPhases(List.of())
                .setPhaseCount(run.phases().size())
                .setPhaseStates(phaseStates)
                .setPartitionStates(partitionStates)
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
                .setStateReason(run.stateReason().map(StatusLimits::clip).orElse(null))
                .setReplans(run.replans())
                .setEstimatedSeconds(estimated)
                .setDeadline(run.spec().deadline().orElse(null))
                .setProjectedFinish(planner.projectedFinish(run.id()).orElse(null))
                .setAlerts(List.copyOf(alerts.getOrDefault(run.id(), new ArrayDeque<>())))
                .setUpdatedAt(now)
                .build();
    }

    /**
     * Every phase of {@code run} in sequence order, each with its partitions: the records of
     * {@code backfill-phase-status}. A phase nothing happened to since the last call is the same
     * instance as then, so a writer can skip it by identity, and a change costs work only for the
     * phases it touched.
     */
    public List<PhaseStatus> phases(BackfillRun run) {
        List<PhaseStatus> records = new ArrayList<>(run.phases().size());
        for (PhaseRun phase : run.phases()) {
            records.add(built(phase).record());
        }
        return records;
    }

    /** The phase's record, rebuilt only when something it is derived from changed. */
    private BuiltPhase built(PhaseRun phase) {
        PhaseFacts facts = phases.getOrDefault(phase.phaseId(), NO_FACTS);
        Signature signature = new Signature(
                phase.plan(),
                phase.status(),
                phase.attempt(),
                phase.stagedPartitions().size(),
                phase.rolledBackPartitions().size(),
                phase.rejectedByGate(),
                facts,
                facts.revision);
        BuiltPhase cached = builtPhases.get(phase.phaseId());
        if (cached != null && cached.signature().equals(signature)) {
            return cached;
        }
        BuiltPhase fresh = build(phase, facts, signature);
        builtPhases.put(phase.phaseId(), fresh);
        return fresh;
    }

    private static BuiltPhase build(PhaseRun phase, PhaseFacts facts, Signature signature) {
        int stagedHere = stagedPartitions(phase);
        boolean running = phase.status() == io.backfill.planner.domain.lifecycle.PhaseStatus.RUNNING
                || phase.status() == io.backfill.planner.domain.lifecycle.PhaseStatus.RELEASED;
        List<PartitionStatus> partitions = partitionStatuses(phase, facts);
        Map<String, Integer> partitionStates = new TreeMap<>();
        partitions.forEach(p -> partitionStates.merge(p.getState(), 1, Integer::sum));
        PhaseStatus record = PhaseStatus.newBuilder()
                .setPhaseId(phase.phaseId())
                .setSequence(phase.plan().index())
                .setState(facts.paused && running ? "PAUSED" : phase.status().name())
                .setFirstPartition(phase.plan().first().key())
                .setLastPartition(phase.plan().last().key())
                .setPartitionCount(phase.plan().size())
                .setPartitionsStaged(stagedHere)
                .setAttempt(phase.attempt())
                .setRows(facts.rows)
                .setComputeSeconds(facts.computeSeconds)
                .setExecutorId(facts.executorId == null ? null : StatusLimits.clip(facts.executorId))
                .setDecision(facts.decision)
                .setFailedChecks(facts.failedChecks)
                .setPartitions(partitions)
                .setEstimatedSeconds(phase.plan().estimatedSeconds())
                .build();
        return new BuiltPhase(signature, record, Map.copyOf(partitionStates));
    }

    /** A rejection the planner could not even read into a run (no spec): the status says why. */
    public static BackfillStatus rejected(BackfillRequested request, List<String> problems, Instant now) {
        return BackfillStatus.newBuilder()
                .setBackfillId(request.getBackfillId())
                .setState(BackfillState.REJECTED)
                .setRequester(StatusLimits.requester(request.getRequester()))
                .setTarget(TableRef.newBuilder(request.getTarget()).build())
                .setRolloutMode(request.getRolloutMode())
                .setProblems(StatusLimits.lines(problems, StatusLimits.PROBLEMS_KEPT))
                .setUpdatedAt(now)
                .build();
    }

    /**
     * The plan recorded in a status written before contract 0.2 (its phases inside the summary), or
     * empty when it has none or does not fit {@code range}.
     */
    public static Optional<List<PhasePlan>> plansOf(BackfillStatus status, PartitionRange range) {
        return plansOf(status.getPhases(), range);
    }

    /**
     * The plan recorded in phase status records, or empty when they do not tile {@code range}. The
     * records are taken in sequence order from 0 until they cover the range: records past that are left
     * over from a plan that had more phases (their tombstones not written yet) and are ignored. A gap, an
     * overlap or a phase that runs past the range means the records are from two plans (the planner
     * stopped while writing a re-split): then none is trusted.
     */
    public static Optional<List<PhasePlan>> plansOf(List<PhaseStatus> recorded, PartitionRange range) {
        if (recorded.isEmpty() || range == null || !range.problems().isEmpty()) {
            return Optional.empty();
        }
        List<PhaseStatus> ordered = new ArrayList<>(recorded);
        ordered.sort(java.util.Comparator.comparingInt(PhaseStatus::getSequence));
        List<Partition> partitions = range.partitions();
        Map<String, Integer> indexByKey = new HashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            indexByKey.put(partitions.get(i).key(), i);
        }
        List<PhasePlan> plans = new ArrayList<>();
        int covered = 0;
        for (PhaseStatus phase : ordered) {
            if (covered == partitions.size()) {
                break;
            }
            Integer from = indexByKey.get(phase.getFirstPartition());
            if (phase.getSequence() != plans.size()
                    || from == null
                    || from != covered
                    || phase.getPartitionCount() < 1
                    || from + phase.getPartitionCount() > partitions.size()) {
                return Optional.empty();
            }
            plans.add(new PhasePlan(
                    phase.getPhaseId(),
                    phase.getSequence(),
                    partitions.subList(from, from + phase.getPartitionCount()),
                    phase.getEstimatedSeconds() == null ? 0 : phase.getEstimatedSeconds()));
            covered += phase.getPartitionCount();
        }
        return covered == partitions.size() ? Optional.of(plans) : Optional.empty();
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
