package io.backfill.planner.domain.planning;

import io.backfill.core.Partition;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.RolloutMode;
import io.backfill.planner.domain.lifecycle.BackfillEvent;
import io.backfill.planner.domain.lifecycle.BackfillEvent.GateDecided;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Verdict;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.lifecycle.BackfillStatus;
import io.backfill.planner.domain.lifecycle.Outcome;
import io.backfill.planner.domain.lifecycle.PhaseRun;
import io.backfill.planner.domain.overlap.ClaimRegistry;
import io.backfill.planner.domain.projection.Alert;
import io.backfill.planner.domain.projection.Alert.AlertType;
import io.backfill.planner.domain.projection.DeadlineWatch;
import io.backfill.planner.domain.projection.LoadBreachWatch;
import io.backfill.planner.domain.projection.StuckPhaseDetector;
import io.backfill.planner.domain.projection.ThroughputEstimate;
import io.backfill.planner.domain.schedule.Candidate;
import io.backfill.planner.domain.schedule.PhaseScheduler;
import io.backfill.planner.domain.schedule.Release;
import io.backfill.planner.domain.split.CostCalibration;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.PlanBasis;
import io.backfill.planner.domain.split.SplitPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every backfill on one warehouse, and the decisions that span them: intake (reject, queue behind
 * overlapping or prerequisite backfills, or plan), applying events to each {@link BackfillRun},
 * releasing phases on each {@link #tick()} with the {@link PhaseScheduler}, re-estimating throughput,
 * and raising alerts. Pure and single-threaded: the messaging layer feeds it one input at a time and
 * publishes the {@link Step} it returns.
 *
 * <p>Waiting: a backfill is QUEUED while it overlaps an earlier live backfill on the same table
 * ({@link ClaimRegistry}) or while any backfill it {@code dependsOn} has not COMPLETED (an unknown
 * dependency is waited for too: it may simply not have been requested yet). It is planned as soon as
 * neither holds. A dependency that ends otherwise (failed, cancelled, rejected) keeps the dependent
 * queued until a user cancels it: silently running on top of a failed prerequisite is what dependsOn
 * exists to prevent.
 *
 * <p>Re-splitting ({@link #resplit}): the plan is cut once at intake from row counts; once phases have
 * staged, the phases no executor has seen yet are cut again with costs calibrated by the observed
 * seconds per partition ({@link CostCalibration}), when the current cut misses the target phase
 * duration by more than {@value #RESPLIT_TOLERANCE_PERCENT}% under the calibrated costs. Released phases
 * keep their ids and partitions.
 *
 * <p>Budget: once the compute seconds reported for a backfill (all attempts) reach its
 * {@code maxComputeSeconds}, it is PAUSED for good ({@link BackfillRun#exhaustBudget}) and
 * BUDGET_EXHAUSTED is raised.
 *
 * <p>The warehouse-wide cap counts the in-flight phases of every backfill, paused and stopped ones
 * included, so a paused backfill's running phases still hold their slots.
 */
public final class Planner {

    /**
     * @param warehouseCap phases in flight over all backfills of the warehouse
     * @param starvationAfter a releasable backfill unserved this long gets one phase first
     * @param stuckAfter a phase in flight without progress this long raises STUCK_PHASE
     */
    public record Settings(int warehouseCap, Duration starvationAfter, Duration stuckAfter) {}

    /** How far (in percent of the target) the current cut may miss before the unreleased rest is re-split. */
    static final int RESPLIT_TOLERANCE_PERCENT = 25;

    private final Clock clock;
    private final PhaseScheduler scheduler;
    private final StuckPhaseDetector stuck;
    private final DeadlineWatch deadlines = new DeadlineWatch();
    private final ClaimRegistry claims = new ClaimRegistry();
    private final Map<String, BackfillRun> runs = new LinkedHashMap<>();
    private final Map<String, List<PhasePlan>> waitingPlans = new HashMap<>();
    private final Map<String, ThroughputEstimate> estimates = new HashMap<>();
    private final Map<String, Instant> lastServed = new HashMap<>();
    private final Map<String, Integer> releases = new HashMap<>();
    private final Map<String, Optional<Instant>> projections = new HashMap<>();
    private final Map<String, PlanBasis> bases = new HashMap<>();

    public Planner(Clock clock, Settings settings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = new PhaseScheduler(clock, settings.warehouseCap(), settings.starvationAfter());
        this.stuck = new StuckPhaseDetector(settings.stuckAfter());
    }

    // ---- inputs ---------------------------------------------------------------------------------

    /**
     * A new request, already validated ({@code problems}) and split ({@code plans}, ignored when there
     * are problems). {@code secondsPerPartition} is the prior throughput estimate from row counts.
     */
    public Step submit(
            BackfillSpec spec, List<String> problems, List<PhasePlan> plans, double secondsPerPartition, Instant at) {
        return submit(spec, problems, plans, secondsPerPartition, null, at);
    }

    /**
     * As {@link #submit(BackfillSpec, List, List, double, Instant)}, keeping {@code basis} (what the plan
     * was cut from; null: never re-split) so the unreleased rest can be re-split from observed costs.
     */
    public Step submit(
            BackfillSpec spec,
            List<String> problems,
            List<PhasePlan> plans,
            double secondsPerPartition,
            PlanBasis basis,
            Instant at) {
        String id = spec.backfillId();
        if (runs.containsKey(id)) {
            return Step.refused("backfill id " + id + " is already used by an earlier request");
        }
        BackfillRun run = BackfillRun.requested(spec);
        runs.put(id, run);
        Step.Builder step = new Step.Builder().changed(id);
        if (!problems.isEmpty()) {
            run.reject(problems);
            step.alert(new Alert(
                    AlertType.REQUEST_REJECTED,
                    id,
                    Optional.empty(),
                    at,
                    "backfill " + id + " rejected: " + String.join("; ", problems),
                    Optional.empty()));
            return step.build();
        }
        estimates.put(id, ThroughputEstimate.prior(secondsPerPartition));
        if (basis != null) {
            bases.put(id, basis);
        }
        lastServed.put(id, at);
        Set<String> blockers = new LinkedHashSet<>(claims.claim(id, spec.target(), spec.range()));
        blockers.addAll(unmetDependencies(spec));
        if (!blockers.isEmpty()) {
            run.queue(blockers);
            waitingPlans.put(id, List.copyOf(plans));
            return step.build();
        }
        Outcome planned = run.plan(plans);
        if (planned.isRefused()) {
            return step.refusal(planned.refusal()).build();
        }
        if (spec.rolloutMode() == RolloutMode.DRY_RUN) {
            // The estimate is a dry run's product: when it would finish if it ran now, within its windows.
            projections.put(
                    id,
                    DeadlineWatch.projectFinish(at, remainingPartitions(run), estimates.get(id), spec.windowPolicy()));
        }
        finishIfTerminal(run, false, at, step);
        return step.build();
    }

    /** An event from an executor, the validator or a user. */
    public Step apply(String backfillId, BackfillEvent event) {
        BackfillRun run = runs.get(backfillId);
        if (run == null) {
            return Step.refused(
                    "no backfill " + backfillId + " for " + event.getClass().getSimpleName() + " " + event.eventId());
        }
        boolean wasTerminal = run.status().isTerminal();
        BackfillStatus before = run.status();
        Outcome outcome = run.apply(event);
        if (!outcome.isApplied()) {
            return outcome.isRefused() ? Step.refused(outcome.refusal()) : Step.none();
        }
        Step.Builder step = new Step.Builder().changed(backfillId).instructions(outcome.instructions());
        if (event instanceof PartitionStaged) {
            checkBudget(run, event.at(), step);
        }
        if (event instanceof GateDecided gate && gate.verdict() == Verdict.REJECT) {
            step.alert(new Alert(
                    AlertType.GATE_FAILED,
                    backfillId,
                    Optional.of(gate.phaseId()),
                    event.at(),
                    "gate rejected phase " + gate.phaseId() + " of backfill " + backfillId + ": " + gate.summary(),
                    Optional.empty()));
        }
        if (before != BackfillStatus.FAILED && run.status() == BackfillStatus.FAILED) {
            step.alert(new Alert(
                    AlertType.PHASE_FAILED,
                    backfillId,
                    Optional.empty(),
                    event.at(),
                    "backfill " + backfillId + " halted: " + run.haltReason().orElse("a phase failed"),
                    Optional.empty()));
        }
        finishIfTerminal(run, wasTerminal, event.at(), step);
        return step.build();
    }

    /**
     * Ends a backfill the planner cannot carry on with (see {@link BackfillRun#giveUp}): FAILED with
     * {@code reason}, in-flight work stopped, a PHASE_FAILED alert, and whatever queued behind it planned.
     */
    public Step giveUp(String backfillId, String reason, Instant at) {
        BackfillRun run = runs.get(backfillId);
        if (run == null) {
            return Step.refused("no backfill " + backfillId + " to give up on");
        }
        boolean wasTerminal = run.status().isTerminal();
        Outcome outcome = run.giveUp(reason, at);
        if (!outcome.isApplied()) {
            return outcome.isRefused() ? Step.refused(outcome.refusal()) : Step.none();
        }
        Step.Builder step = new Step.Builder().changed(backfillId).instructions(outcome.instructions());
        step.alert(new Alert(
                AlertType.PHASE_FAILED,
                backfillId,
                Optional.empty(),
                at,
                "backfill " + backfillId + " failed: " + reason,
                Optional.empty()));
        finishIfTerminal(run, wasTerminal, at, step);
        return step.build();
    }

    /**
     * {@code partitions} partitions of the backfill completed in {@code elapsed}: re-estimate its rate
     * and re-check its deadline at once, so DEADLINE_AT_RISK comes with the first slow observation.
     */
    public Step observe(String backfillId, int partitions, Duration elapsed) {
        BackfillRun run = runs.get(backfillId);
        ThroughputEstimate estimate = estimates.get(backfillId);
        if (run == null || estimate == null) {
            return Step.none();
        }
        estimates.put(backfillId, estimate.observe(partitions, elapsed));
        Step.Builder step = new Step.Builder();
        checkDeadline(run, clock.instant(), step);
        return step.build();
    }

    /**
     * Re-splits the backfill's unreleased phases from the seconds observed so far, when the current cut
     * misses the target by more than the tolerance under the calibrated costs. The messaging layer calls
     * it after a phase staged (not while replaying: a restarted planner starts from the plan recorded in
     * the latest status) and must publish the status before the next release, so a restart finds the
     * new plan before any of its phases is on the journal.
     */
    public Step resplit(String backfillId) {
        BackfillRun run = runs.get(backfillId);
        PlanBasis basis = bases.get(backfillId);
        if (run == null
                || basis == null
                || run.status().isTerminal()
                || run.status() == BackfillStatus.REQUESTED
                || run.status() == BackfillStatus.QUEUED) {
            return Step.none();
        }
        List<PhasePlan> tail = run.unreleasedTail();
        if (tail.isEmpty()) {
            return Step.none();
        }
        List<Partition> ran = run.phases().stream()
                .limit(run.phases().size() - tail.size())
                .flatMap(p -> p.plan().partitions().stream())
                .toList();
        CostCalibration calibration = CostCalibration.of(basis.prior(), ran, run.observedSeconds());
        if (calibration.observations() == 0) {
            return Step.none();
        }
        CostModel costs = calibration.apply(basis.prior());
        if (fits(tail, costs, basis.policy())) {
            return Step.none();
        }
        List<Partition> partitions =
                tail.stream().flatMap(p -> p.partitions().stream()).toList();
        List<PhasePlan> recut = new PhaseSplitter(basis.policy())
                .split(backfillId, partitions, costs, tail.getFirst().index());
        if (recut.stream()
                .map(PhasePlan::partitions)
                .toList()
                .equals(tail.stream().map(PhasePlan::partitions).toList())) {
            return Step.none();
        }
        Outcome outcome = run.replan(recut);
        if (outcome.isRefused()) {
            return Step.refused(outcome.refusal());
        }
        return new Step.Builder().changed(backfillId).build();
    }

    /**
     * True when no phase of {@code tail} overshoots the target by more than the tolerance (unless it is
     * at the minimum size) and no two neighbours could be merged within the size bound while staying under
     * the target less the tolerance: the cut is good enough, re-splitting would only churn.
     */
    private static boolean fits(List<PhasePlan> tail, CostModel costs, SplitPolicy policy) {
        double tolerance = RESPLIT_TOLERANCE_PERCENT / 100.0;
        double high = policy.targetSeconds() * (1 + tolerance);
        double low = policy.targetSeconds() * (1 - tolerance);
        double previous = -1;
        int previousSize = 0;
        for (PhasePlan phase : tail) {
            double cost =
                    phase.partitions().stream().mapToDouble(costs::secondsFor).sum();
            if (cost > high && phase.size() > policy.minPartitions()) {
                return false;
            }
            if (previous >= 0 && previous + cost < low && previousSize + phase.size() <= policy.maxPartitions()) {
                return false;
            }
            previous = cost;
            previousSize = phase.size();
        }
        return true;
    }

    /** Replays a release the planner made before a restart (found on its own journal). */
    public Step restoreRelease(String backfillId, String phaseId, Instant at) {
        BackfillRun run = runs.get(backfillId);
        if (run == null) {
            return Step.refused("no backfill " + backfillId + " for the journalled release of " + phaseId);
        }
        Outcome outcome = run.restoreRelease(phaseId, at);
        if (outcome.isRefused()) {
            return Step.refused(outcome.refusal());
        }
        served(backfillId, at);
        return new Step.Builder()
                .changed(backfillId)
                .instructions(outcome.instructions())
                .build();
    }

    /** Releases what the windows, caps and ordering allow now; raises stuck and deadline alerts. */
    public Step tick() {
        Instant now = clock.instant();
        Step.Builder step = new Step.Builder();
        List<Candidate> candidates = new ArrayList<>();
        for (BackfillRun run : runs.values()) {
            if (schedulable(run) || run.inFlight() > 0) {
                candidates.add(Candidate.of(run, now, remainingWork(run), lastServed.getOrDefault(run.id(), now)));
            }
        }
        for (Release release : scheduler.decide(candidates)) {
            BackfillRun run = runs.get(release.backfillId());
            Outcome outcome = run.release(release.phaseId(), now);
            if (outcome.isApplied()) {
                served(run.id(), now);
                step.changed(run.id()).instructions(outcome.instructions());
            }
        }
        for (BackfillRun run : runs.values()) {
            if (!run.status().isTerminal()) {
                stuck.check(run, now).forEach(alert -> step.alert(alert).changed(run.id()));
                checkDeadline(run, now, step);
            }
        }
        return step.build();
    }

    /**
     * A sustained load breach on the warehouse: one LOAD_BREACH alert, with the values, for every backfill
     * running now (the ones whose work the warehouse is carrying).
     */
    public Step loadBreached(LoadBreachWatch.Breach breach, Instant at) {
        Step.Builder step = new Step.Builder();
        for (BackfillRun run : runs.values()) {
            if (run.status() == BackfillStatus.RUNNING) {
                step.alert(new Alert(
                                AlertType.LOAD_BREACH,
                                run.id(),
                                Optional.empty(),
                                at,
                                breach.describe() + "; " + run.inFlight() + " phases of " + run.id() + " in flight",
                                Optional.empty()))
                        .changed(run.id());
            }
        }
        return step.build();
    }

    // ---- read side ----------------------------------------------------------------------------

    public Optional<BackfillRun> run(String backfillId) {
        return Optional.ofNullable(runs.get(backfillId));
    }

    public Collection<BackfillRun> runs() {
        return List.copyOf(runs.values());
    }

    /** Phases released so far, retries included. */
    public int releases(String backfillId) {
        return releases.getOrDefault(backfillId, 0);
    }

    /** The latest finish projection; empty when none was made or the windows cannot fit the work. */
    public Optional<Instant> projectedFinish(String backfillId) {
        return projections.getOrDefault(backfillId, Optional.empty());
    }

    /** Seconds the projection lies past the deadline; zero when on time or without a deadline. */
    public double projectedLatenessSeconds(String backfillId) {
        BackfillRun run = runs.get(backfillId);
        if (run == null || run.spec().deadline().isEmpty() || run.status().isTerminal()) {
            return 0;
        }
        Instant deadline = run.spec().deadline().get();
        return projectedFinish(backfillId)
                .map(finish -> Math.max(0, Duration.between(deadline, finish).toMillis() / 1000.0))
                .orElse(0.0);
    }

    public Optional<ThroughputEstimate> estimate(String backfillId) {
        return Optional.ofNullable(estimates.get(backfillId));
    }

    /** Partitions not yet staged in phases that still have staging to do. */
    public static long remainingPartitions(BackfillRun run) {
        long remaining = 0;
        for (PhaseRun phase : run.phases()) {
            switch (phase.status()) {
                case PLANNED, RELEASED, RUNNING ->
                    remaining += phase.plan().size() - phase.stagedPartitions().size();
                default -> {}
            }
        }
        return remaining;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static boolean schedulable(BackfillRun run) {
        return run.status() == BackfillStatus.PLANNED || run.status() == BackfillStatus.RUNNING;
    }

    private Duration remainingWork(BackfillRun run) {
        ThroughputEstimate estimate = estimates.getOrDefault(run.id(), ThroughputEstimate.prior(0));
        return estimate.remainingWork(remainingPartitions(run));
    }

    private void served(String backfillId, Instant at) {
        lastServed.put(backfillId, at);
        releases.merge(backfillId, 1, Integer::sum);
    }

    /** Stops the backfill, once, when the compute reported for it reaches its budget. */
    private static void checkBudget(BackfillRun run, Instant at, Step.Builder step) {
        Budgets budgets = run.spec().budgets();
        if (budgets == null || run.budgetExhausted() || run.computeSpent() < budgets.maxComputeSeconds()) {
            return;
        }
        String reason = String.format(
                Locale.ROOT,
                "BUDGET_EXHAUSTED: %.1f of %d compute seconds spent",
                run.computeSpent(),
                budgets.maxComputeSeconds());
        Outcome outcome = run.exhaustBudget(reason);
        if (!outcome.isApplied()) {
            return;
        }
        step.changed(run.id()).instructions(outcome.instructions());
        step.alert(new Alert(
                AlertType.BUDGET_EXHAUSTED,
                run.id(),
                Optional.empty(),
                at,
                "backfill " + run.id() + " paused: " + reason + "; no further phases are released",
                Optional.empty()));
    }

    private void checkDeadline(BackfillRun run, Instant now, Step.Builder step) {
        ThroughputEstimate estimate = estimates.get(run.id());
        if (estimate == null || run.status().isTerminal()) {
            return;
        }
        long remaining = remainingPartitions(run);
        projections.put(
                run.id(),
                DeadlineWatch.projectFinish(now, remaining, estimate, run.spec().windowPolicy()));
        run.spec()
                .deadline()
                .ifPresent(deadline -> deadlines
                        .check(
                                run.id(),
                                now,
                                deadline,
                                remaining,
                                estimate,
                                run.spec().windowPolicy())
                        .ifPresent(alert -> step.alert(alert).changed(run.id())));
    }

    /** A backfill that just ended frees its claim; queued backfills that may now run are planned. */
    private void finishIfTerminal(BackfillRun run, boolean wasTerminal, Instant at, Step.Builder step) {
        if (wasTerminal || !run.status().isTerminal()) {
            return;
        }
        deadlines.forget(run.id());
        claims.release(run.id());
        boolean progress = true;
        while (progress) {
            progress = false;
            for (BackfillRun waiting : runs.values()) {
                if (waiting.status() != BackfillStatus.QUEUED
                        || !claims.blockersOf(waiting.id()).isEmpty()
                        || !unmetDependencies(waiting.spec()).isEmpty()) {
                    continue;
                }
                waiting.plan(waitingPlans.remove(waiting.id()));
                lastServed.put(waiting.id(), at);
                step.changed(waiting.id());
                if (waiting.status().isTerminal()) {
                    claims.release(waiting.id());
                }
                progress = true;
            }
        }
    }

    private Set<String> unmetDependencies(BackfillSpec spec) {
        Set<String> unmet = new LinkedHashSet<>();
        for (String dependency : spec.dependsOn()) {
            BackfillRun run = runs.get(dependency);
            if (run == null || run.status() != BackfillStatus.COMPLETED) {
                unmet.add(dependency);
            }
        }
        return unmet;
    }
}
