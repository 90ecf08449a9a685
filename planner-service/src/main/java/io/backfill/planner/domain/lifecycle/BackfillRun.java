package io.backfill.planner.domain.lifecycle;

import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.RolloutMode;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import io.backfill.planner.domain.lifecycle.BackfillEvent.CommandIssued;
import io.backfill.planner.domain.lifecycle.BackfillEvent.GateDecided;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionRolledBack;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseDiscarded;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseEvent;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseFailed;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhasePublished;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseRolledBack;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStarted;
import io.backfill.planner.domain.lifecycle.BackfillEvent.ScopedRollback;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Verdict;
import io.backfill.planner.domain.lifecycle.Instruction.AbortPhase;
import io.backfill.planner.domain.lifecycle.Instruction.DiscardPhase;
import io.backfill.planner.domain.lifecycle.Instruction.PausePhase;
import io.backfill.planner.domain.lifecycle.Instruction.PublishPhase;
import io.backfill.planner.domain.lifecycle.Instruction.ReleasePhase;
import io.backfill.planner.domain.lifecycle.Instruction.ResumePhase;
import io.backfill.planner.domain.lifecycle.Instruction.RollbackPartition;
import io.backfill.planner.domain.lifecycle.Instruction.RollbackPhase;
import io.backfill.planner.domain.lifecycle.PhaseRun.DiscardCause;
import io.backfill.planner.domain.split.PhasePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The state machine of one backfill and its phases: it decides, for each event or command, whether
 * it is allowed, what the new state is, and which instructions executors must receive.
 *
 * <p>Backfill: {@code REQUESTED → REJECTED | QUEUED | PLANNED}, {@code QUEUED → PLANNED},
 * {@code PLANNED → RUNNING} (first release) {@code ⇄ PAUSED}, {@code AWAITING_APPROVAL} (approval
 * required before any release, or after a passed canary), then {@code COMPLETED}, {@code FAILED},
 * {@code CANCELLED} or {@code ROLLED_BACK}. Phase: {@code PLANNED → RELEASED → RUNNING → STAGED},
 * then COMMIT → {@code PUBLISHING → PUBLISHED} (PUBLISH/CANARY) or → {@code DISCARDING → DISCARDED}
 * (SHADOW records the verdict and never publishes), REJECT → {@code DISCARDING → DISCARDED}, and
 * {@code FAILED}. A failed or rejected phase goes back to PLANNED with a backoff while the
 * {@link io.backfill.planner.domain.FailurePolicy} allows, otherwise the backfill halts.
 *
 * <p>Rules that protect users: nothing is published after CANCEL, ROLLBACK or a halt (late
 * COMMITs and late STAGED reports turn into discards); PAUSE stops new releases and asks running
 * phases to pause at their next partition boundary (staged partitions are kept, RESUME continues
 * them), while staged phases still go through their gate and publish, since aborting mid-publish
 * would gain nothing; PUBLISHING is never aborted (a publish is one warehouse transaction) and a
 * publish that lands after ROLLBACK is rolled back. ROLLBACK of one phase or one partition
 * ({@link ScopedRollback}) restores only that, and the backfill goes on; a rolled-back phase counts
 * as finished for completion.
 *
 * <p>Budget: every partition's reported compute seconds (all attempts) are charged;
 * {@link #exhaustBudget} stops the backfill for good as PAUSED with the reason (RESUME is refused).
 * Re-splitting: only the {@link #unreleasedTail()} may be cut again ({@link #replan}); phases an executor
 * has seen keep their ids and partitions.
 *
 * <p>Rebuilding after a restart: the planner replays the events and restores each release it finds
 * on its own {@code backfill-phases} journal with {@link #restoreRelease}, so it never re-decides one.
 *
 * <p>Idempotent: every event id is remembered and a repeat is a {@link Outcome.Kind#DUPLICATE}. Never
 * throws on a bad event: the answer is a {@link Outcome.Kind#REFUSED} outcome saying why.
 */
public final class BackfillRun {

    private final BackfillSpec spec;
    private BackfillStatus status = BackfillStatus.REQUESTED;
    private BackfillStatus resumeTo;
    private final Map<String, PhaseRun> phases = new LinkedHashMap<>();
    private final Set<String> seenEventIds = new HashSet<>();
    private boolean canaryPassed;
    private boolean approved;
    private List<String> rejection = List.of();
    private Set<String> queuedBehind = Set.of();
    private String haltReason;
    private String pauseReason;
    private boolean budgetExhausted;
    private double computeSpent;
    private final Map<String, Double> observedSeconds = new LinkedHashMap<>();
    private int replans;

    private BackfillRun(BackfillSpec spec) {
        this.spec = spec;
    }

    /** A backfill whose request has been received but neither validated nor planned yet. */
    public static BackfillRun requested(BackfillSpec spec) {
        return new BackfillRun(Objects.requireNonNull(spec, "spec"));
    }

    // ---- decisions taken by the planner itself -------------------------------------------------

    /** The request failed validation; {@code problems} are kept for the status view. */
    public Outcome reject(List<String> problems) {
        if (status != BackfillStatus.REQUESTED) {
            return refuse("reject");
        }
        rejection = List.copyOf(problems);
        status = BackfillStatus.REJECTED;
        return Outcome.applied();
    }

    /** The request overlaps live backfills on the same table and waits for them. */
    public Outcome queue(Collection<String> behind) {
        if (status != BackfillStatus.REQUESTED) {
            return refuse("queue");
        }
        queuedBehind = Set.copyOf(behind);
        status = BackfillStatus.QUEUED;
        return Outcome.applied();
    }

    /**
     * Records the phases. DRY_RUN completes right here (the plan is the product); otherwise the
     * backfill waits for the scheduler, or for an approval first when one is required outside CANARY
     * (in CANARY the approval gates the phases after the canary).
     */
    public Outcome plan(List<PhasePlan> plans) {
        if (status != BackfillStatus.REQUESTED && status != BackfillStatus.QUEUED) {
            return refuse("plan");
        }
        if (plans.isEmpty()) {
            return Outcome.refused("cannot plan backfill " + id() + " without phases");
        }
        plans.forEach(plan -> phases.put(plan.phaseId(), new PhaseRun(plan)));
        queuedBehind = Set.of();
        if (spec.rolloutMode() == RolloutMode.DRY_RUN) {
            status = BackfillStatus.COMPLETED;
        } else if (spec.requireApproval() && spec.rolloutMode() != RolloutMode.CANARY) {
            status = BackfillStatus.AWAITING_APPROVAL;
        } else {
            status = BackfillStatus.PLANNED;
        }
        return Outcome.applied();
    }

    /**
     * The phases that may be released at {@code now}, in order: none unless PLANNED or RUNNING; in
     * CANARY only the first phase until its gate passed (and approval, if required); never a phase
     * still in its retry backoff.
     */
    public List<String> releasablePhaseIds(Instant now) {
        if (status != BackfillStatus.PLANNED && status != BackfillStatus.RUNNING) {
            return List.of();
        }
        List<String> releasable = new ArrayList<>();
        boolean canaryOnly = spec.rolloutMode() == RolloutMode.CANARY && !canaryPassed;
        for (PhaseRun phase : phases.values()) {
            if (phase.status() == PhaseStatus.PLANNED && !now.isBefore(phase.notBefore())) {
                releasable.add(phase.phaseId());
            }
            if (canaryOnly) {
                break;
            }
        }
        return releasable;
    }

    /** The scheduler chose to release {@code phaseId} now. */
    public Outcome release(String phaseId, Instant now) {
        if (!releasablePhaseIds(now).contains(phaseId)) {
            return Outcome.refused("phase " + phaseId + " of backfill " + id() + " is not releasable now (backfill "
                    + status
                    + (phases.containsKey(phaseId)
                            ? ", phase " + phases.get(phaseId).status()
                            : ", no such phase")
                    + ")");
        }
        PhaseRun phase = phases.get(phaseId);
        phase.moveTo(PhaseStatus.RELEASED, now);
        status = BackfillStatus.RUNNING;
        return Outcome.applied(List.of(new ReleasePhase(id(), phase.plan(), phase.attempt(), computeAllowance())));
    }

    /**
     * Replays a release the planner already made (found on its own journal) without re-checking
     * windows, caps or backoff: those were checked when it was made, and the clock has moved since.
     */
    public Outcome restoreRelease(String phaseId, Instant at) {
        PhaseRun phase = phases.get(phaseId);
        if (phase == null || phase.status() != PhaseStatus.PLANNED) {
            return Outcome.refused("cannot restore release of phase " + phaseId + " of backfill " + id() + " ("
                    + (phase == null ? "no such phase" : "phase " + phase.status()) + ")");
        }
        phase.moveTo(PhaseStatus.RELEASED, at);
        if (status == BackfillStatus.PLANNED) {
            status = BackfillStatus.RUNNING;
        }
        return Outcome.applied(List.of(new ReleasePhase(id(), phase.plan(), phase.attempt(), computeAllowance())));
    }

    /**
     * The compute budget is used up: no phase is released any more and running phases are asked to pause
     * at their next partition boundary (as for PAUSE), so spending stops within one partition. Staged
     * phases still go through their gate and publish: their compute is already spent. The backfill stays
     * PAUSED with the reason and RESUME is refused; CANCEL and ROLLBACK still work. Applies once.
     */
    public Outcome exhaustBudget(String reason) {
        if (budgetExhausted
                || (status != BackfillStatus.PLANNED
                        && status != BackfillStatus.RUNNING
                        && status != BackfillStatus.PAUSED
                        && status != BackfillStatus.AWAITING_APPROVAL)) {
            return refuse("stop on budget");
        }
        budgetExhausted = true;
        pauseReason = reason;
        if (status == BackfillStatus.PAUSED) {
            // Running phases were told to pause already.
            return Outcome.applied();
        }
        resumeTo = status;
        status = BackfillStatus.PAUSED;
        return Outcome.applied(running().stream()
                .map(p -> (Instruction) new PausePhase(id(), p.phaseId()))
                .toList());
    }

    /**
     * The planner gave up on this backfill: a step it needs can never succeed (its status or an
     * instruction cannot be written, a rule threw on one of its events). FAILED with the reason; running
     * phases are aborted and staged ones discarded, as when a phase fails for good. Applies once, and
     * not to a backfill already ended, except a DRY_RUN: it is COMPLETED as soon as it is planned, and a
     * plan nobody can read is a failed dry run.
     */
    public Outcome giveUp(String reason, Instant at) {
        boolean dryRunDone = status == BackfillStatus.COMPLETED && spec.rolloutMode() == RolloutMode.DRY_RUN;
        if (status.isTerminal() && !dryRunDone) {
            return refuse("give up on");
        }
        haltReason = reason;
        status = BackfillStatus.FAILED;
        return Outcome.applied(stopInFlight(reason, at));
    }

    /**
     * The phases no executor has ever seen: the longest run of never-released phases (PLANNED, first
     * attempt) at the end of the plan. Only these may be re-split; everything before keeps its phase id
     * and partitions, because executors checkpoint and the journal records releases by phase id.
     */
    public List<PhasePlan> unreleasedTail() {
        List<PhaseRun> all = new ArrayList<>(phases.values());
        int from = all.size();
        while (from > 0 && neverReleased(all.get(from - 1))) {
            from--;
        }
        return all.subList(from, all.size()).stream().map(PhaseRun::plan).toList();
    }

    /**
     * Replaces {@link #unreleasedTail()} with {@code tail}: the same partitions, in order, cut into
     * phases numbered on from the first replaced one. Refused if it would touch a released phase or
     * change which partitions the backfill covers.
     */
    public Outcome replan(List<PhasePlan> tail) {
        if (status.isTerminal() || status == BackfillStatus.REQUESTED || status == BackfillStatus.QUEUED) {
            return refuse("re-split");
        }
        List<PhasePlan> current = unreleasedTail();
        if (current.isEmpty() || tail.isEmpty()) {
            return Outcome.refused("backfill " + id() + " has no unreleased phases to re-split");
        }
        List<String> before = current.stream()
                .flatMap(p -> p.partitions().stream())
                .map(p -> p.key())
                .toList();
        List<String> after = tail.stream()
                .flatMap(p -> p.partitions().stream())
                .map(p -> p.key())
                .toList();
        if (!before.equals(after)) {
            return Outcome.refused("re-split of backfill " + id() + " must cover exactly its unreleased partitions");
        }
        int firstIndex = current.getFirst().index();
        for (int i = 0; i < tail.size(); i++) {
            PhasePlan plan = tail.get(i);
            if (plan.index() != firstIndex + i || !plan.phaseId().equals(PhasePlan.phaseId(id(), plan.index()))) {
                return Outcome.refused("re-split of backfill " + id() + " must number phases on from " + firstIndex);
            }
        }
        current.forEach(plan -> phases.remove(plan.phaseId()));
        tail.forEach(plan -> phases.put(plan.phaseId(), new PhaseRun(plan)));
        replans++;
        return Outcome.applied();
    }

    /** What is left of the compute budget; empty without one. */
    private OptionalDouble computeAllowance() {
        if (spec.budgets() == null || spec.budgets().maxComputeSeconds() == Long.MAX_VALUE) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, spec.budgets().maxComputeSeconds() - computeSpent));
    }

    private static boolean neverReleased(PhaseRun phase) {
        return phase.status() == PhaseStatus.PLANNED && phase.attempt() == 1;
    }

    /** Compute counts whatever became of the attempt; seconds are kept per partition for re-splitting. */
    private void account(PartitionStaged staged) {
        computeSpent += Math.max(0, staged.computeSeconds());
        if (staged.seconds() != null && staged.seconds() >= 0 && !Double.isInfinite(staged.seconds())) {
            observedSeconds.put(staged.partitionKey(), staged.seconds());
        }
    }

    // ---- events from executors, the validator and users ----------------------------------------

    /** Applies one consumed event; see the class comment for the rules. */
    public Outcome apply(BackfillEvent event) {
        if (!seenEventIds.add(event.eventId())) {
            return Outcome.duplicate();
        }
        if (event instanceof PartitionStaged staged && phases.containsKey(staged.phaseId())) {
            account(staged);
        }
        return switch (event) {
            case CommandIssued command -> onCommand(command);
            case ScopedRollback rollback -> onScopedRollback(rollback);
            case PhaseEvent phaseEvent -> {
                PhaseRun phase = phases.get(phaseEvent.phaseId());
                yield phase == null
                        ? Outcome.refused("backfill " + id() + " has no phase " + phaseEvent.phaseId())
                        : onPhaseEvent(phaseEvent, phase);
            }
        };
    }

    private Outcome onPhaseEvent(PhaseEvent event, PhaseRun phase) {
        PhaseStatus was = phase.status();
        Instant at = event.at();
        return switch (event) {
            case PhaseStarted e
            when was == PhaseStatus.RELEASED || was == PhaseStatus.RUNNING -> {
                phase.moveTo(PhaseStatus.RUNNING, at);
                yield Outcome.applied();
            }
            case PartitionStaged e
            when was == PhaseStatus.RELEASED || was == PhaseStatus.RUNNING -> {
                phase.staged(e.partitionKey(), at);
                yield Outcome.applied();
            }
            case PhaseStaged e
            when was == PhaseStatus.RELEASED || was == PhaseStatus.RUNNING -> {
                phase.moveTo(PhaseStatus.STAGED, at);
                // A phase that finished staging after the backfill stopped must not wait for a gate forever.
                yield stopped() ? discard(phase, DiscardCause.STOPPED, "backfill " + status, at) : Outcome.applied();
            }
            case PhaseStaged e
            when was == PhaseStatus.FAILED && stopped() ->
                // Staging raced our abort: clean it up rather than leave orphaned staged rows.
                discard(phase, DiscardCause.STOPPED, "backfill " + status, at);
            case GateDecided e when was == PhaseStatus.STAGED -> onGate(e, phase);
            case PhasePublished e
            when was == PhaseStatus.PUBLISHING -> {
                phase.moveTo(PhaseStatus.PUBLISHED, at);
                if (status == BackfillStatus.ROLLED_BACK) {
                    yield Outcome.applied(List.of(new RollbackPhase(id(), phase.phaseId())));
                }
                yield Outcome.applied(completeIfDone());
            }
            case PhaseDiscarded e when was == PhaseStatus.DISCARDING -> onDiscarded(phase, at);
            case PartitionRolledBack e
            when was == PhaseStatus.PUBLISHED && phase.contains(e.partitionKey()) -> {
                phase.partitionRolledBack(e.partitionKey(), at);
                yield Outcome.applied();
            }
            case PhaseRolledBack e
            when was == PhaseStatus.PUBLISHED -> {
                phase.moveTo(PhaseStatus.ROLLED_BACK, at);
                yield Outcome.applied(completeIfDone());
            }
            case PhaseFailed e
            when was == PhaseStatus.RELEASED
                    || was == PhaseStatus.RUNNING
                    || was == PhaseStatus.STAGED
                    || was == PhaseStatus.PUBLISHING -> failed(phase, e.reason(), at);
            default ->
                Outcome.refused(describe(event) + " is not valid for phase " + phase.phaseId() + " in state " + was);
        };
    }

    private Outcome onGate(GateDecided decision, PhaseRun phase) {
        Instant at = decision.at();
        if (decision.verdict() == Verdict.REJECT) {
            return discard(phase, DiscardCause.GATE_REJECTED, "gate rejected: " + decision.summary(), at);
        }
        if (stopped()) {
            return discard(phase, DiscardCause.STOPPED, "backfill " + status + " before its commit", at);
        }
        if (!spec.rolloutMode().publishesOnCommit()) {
            return discard(phase, DiscardCause.SHADOW_COMMIT, "shadow mode never publishes", at);
        }
        if (spec.rolloutMode() == RolloutMode.CANARY && !canaryPassed) {
            canaryPassed = true;
            if (spec.requireApproval() && !approved) {
                // PAUSED keeps its resume target; otherwise the rest waits for a human.
                if (status == BackfillStatus.PAUSED) {
                    resumeTo = BackfillStatus.AWAITING_APPROVAL;
                } else {
                    status = BackfillStatus.AWAITING_APPROVAL;
                }
            }
        }
        phase.moveTo(PhaseStatus.PUBLISHING, at);
        return Outcome.applied(List.of(new PublishPhase(id(), phase.phaseId())));
    }

    private Outcome onDiscarded(PhaseRun phase, Instant at) {
        DiscardCause cause = phase.discardCause();
        phase.moveTo(PhaseStatus.DISCARDED, at);
        return switch (cause) {
            case SHADOW_COMMIT -> Outcome.applied(completeIfDone());
            case GATE_REJECTED -> stopped() ? Outcome.applied() : retryOrHalt(phase, "gate rejected it", at);
            case STOPPED, NONE -> Outcome.applied();
        };
    }

    private Outcome failed(PhaseRun phase, String reason, Instant at) {
        // Once the budget is spent, a phase failing (an executor stopping it at its allowance, typically) is
        // part of that stop, not a reason to retry or halt: the backfill stays PAUSED for the budget.
        if (stopped() || budgetExhausted) {
            phase.moveTo(PhaseStatus.FAILED, at);
            return Outcome.applied();
        }
        return retryOrHalt(phase, reason, at);
    }

    private Outcome retryOrHalt(PhaseRun phase, String reason, Instant at) {
        int retriesUsed = phase.attempt() - 1;
        if (retriesUsed < spec.failurePolicy().maxRetries()) {
            phase.retryAfter(at.plus(spec.failurePolicy().backoffBefore(retriesUsed + 1)));
            return Outcome.applied();
        }
        phase.moveTo(PhaseStatus.FAILED, at);
        haltReason = "phase " + phase.phaseId() + " failed after " + phase.attempt() + " attempt(s): " + reason;
        status = BackfillStatus.FAILED;
        return Outcome.applied(stopInFlight(haltReason, at));
    }

    // ---- commands -------------------------------------------------------------------------------

    private Outcome onCommand(CommandIssued command) {
        Instant at = command.at();
        return switch (command.command()) {
            case PAUSE -> {
                if (refused(Command.PAUSE)) {
                    yield refuse("pause");
                }
                resumeTo = status;
                status = BackfillStatus.PAUSED;
                pauseReason = "paused by " + command.issuedBy();
                yield Outcome.applied(running().stream()
                        .map(p -> (Instruction) new PausePhase(id(), p.phaseId()))
                        .toList());
            }
            case RESUME -> {
                if (refused(Command.RESUME)) {
                    yield refuse("resume");
                }
                if (budgetExhausted) {
                    yield Outcome.refused("cannot resume backfill " + id() + ": " + pauseReason
                            + " (raise the budget by submitting a new backfill for the remaining partitions)");
                }
                status = resumeTo;
                pauseReason = null;
                List<Instruction> instructions = new ArrayList<>(running().stream()
                        .map(p -> (Instruction) new ResumePhase(id(), p.phaseId()))
                        .toList());
                instructions.addAll(completeIfDone());
                yield Outcome.applied(instructions);
            }
            case APPROVE -> {
                if (refused(Command.APPROVE)) {
                    yield refuse("approve");
                }
                approved = true;
                boolean anyReleased = phases.values().stream().anyMatch(p -> p.status() != PhaseStatus.PLANNED);
                status = anyReleased ? BackfillStatus.RUNNING : BackfillStatus.PLANNED;
                yield Outcome.applied(completeIfDone());
            }
            case CANCEL -> {
                if (refused(Command.CANCEL)) {
                    yield refuse("cancel");
                }
                status = BackfillStatus.CANCELLED;
                yield Outcome.applied(stopInFlight("cancelled by " + command.issuedBy(), at));
            }
            case ROLLBACK -> {
                if (refused(Command.ROLLBACK)) {
                    yield refuse("roll back");
                }
                status = BackfillStatus.ROLLED_BACK;
                List<Instruction> instructions =
                        new ArrayList<>(stopInFlight("rolled back by " + command.issuedBy(), at));
                phases.values().stream()
                        .filter(p -> p.status() == PhaseStatus.PUBLISHED)
                        .forEach(p -> instructions.add(new RollbackPhase(id(), p.phaseId())));
                yield Outcome.applied(instructions);
            }
        };
    }

    /** Rolls back one published phase, or one published partition, leaving the rest of the backfill alone. */
    private Outcome onScopedRollback(ScopedRollback rollback) {
        Optional<PhaseRun> target = rollback.phaseId() != null
                ? Optional.ofNullable(phases.get(rollback.phaseId()))
                : phases.values().stream()
                        .filter(p -> rollback.partitionKey() != null && p.contains(rollback.partitionKey()))
                        .findFirst();
        if (target.isEmpty()) {
            return Outcome.refused("cannot roll back " + describeScope(rollback) + " of backfill " + id()
                    + ": no such phase or partition");
        }
        PhaseRun phase = target.get();
        if (phase.status() != PhaseStatus.PUBLISHED) {
            return Outcome.refused("cannot roll back " + describeScope(rollback) + " of backfill " + id() + ": phase "
                    + phase.phaseId() + " is " + phase.status() + ", not PUBLISHED");
        }
        if (rollback.partitionKey() == null) {
            return Outcome.applied(List.of(new RollbackPhase(id(), phase.phaseId())));
        }
        if (!phase.contains(rollback.partitionKey())) {
            return Outcome.refused("cannot roll back " + describeScope(rollback) + " of backfill " + id()
                    + ": partition is not in phase " + phase.phaseId());
        }
        return Outcome.applied(List.of(new RollbackPartition(id(), phase.phaseId(), rollback.partitionKey())));
    }

    private static String describeScope(ScopedRollback rollback) {
        return rollback.partitionKey() != null ? "partition " + rollback.partitionKey() : "phase " + rollback.phaseId();
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Phases an executor is staging right now: the ones PAUSE and RESUME speak to. */
    private List<PhaseRun> running() {
        return phases.values().stream()
                .filter(p -> p.status() == PhaseStatus.RELEASED || p.status() == PhaseStatus.RUNNING)
                .toList();
    }

    /** Aborts running phases and discards staged ones; publishing ones are left to land (atomic). */
    private List<Instruction> stopInFlight(String reason, Instant at) {
        List<Instruction> instructions = new ArrayList<>();
        for (PhaseRun phase : phases.values()) {
            switch (phase.status()) {
                case RELEASED, RUNNING -> {
                    phase.moveTo(PhaseStatus.FAILED, at);
                    instructions.add(new AbortPhase(id(), phase.phaseId(), reason));
                }
                case STAGED -> {
                    phase.discarding(DiscardCause.STOPPED, at);
                    instructions.add(new DiscardPhase(id(), phase.phaseId(), reason));
                }
                default -> {}
            }
        }
        return instructions;
    }

    private Outcome discard(PhaseRun phase, DiscardCause cause, String reason, Instant at) {
        phase.discarding(cause, at);
        return Outcome.applied(List.of(new DiscardPhase(id(), phase.phaseId(), reason)));
    }

    /** COMPLETED once every phase reached its mode's end state; works from RUNNING or PAUSED. */
    private List<Instruction> completeIfDone() {
        if (status != BackfillStatus.RUNNING && status != BackfillStatus.PAUSED) {
            return List.of();
        }
        PhaseStatus done = spec.rolloutMode().publishesOnCommit() ? PhaseStatus.PUBLISHED : PhaseStatus.DISCARDED;
        // A phase rolled back on its own (scoped ROLLBACK) is finished too: the user chose its end state.
        if (phases.values().stream().allMatch(p -> p.status() == done || p.status() == PhaseStatus.ROLLED_BACK)) {
            status = BackfillStatus.COMPLETED;
        }
        return List.of();
    }

    private boolean stopped() {
        return status == BackfillStatus.CANCELLED
                || status == BackfillStatus.FAILED
                || status == BackfillStatus.ROLLED_BACK;
    }

    /** The state rules of {@link CommandRules}, which the REST API answers 409 by too. */
    private boolean refused(Command command) {
        boolean anyReleased = phases.values().stream().anyMatch(p -> p.status() != PhaseStatus.PLANNED);
        return CommandRules.refusal(command, status, anyReleased).isPresent();
    }

    private Outcome refuse(String action) {
        return Outcome.refused("cannot " + action + " backfill " + id() + " while it is " + status);
    }

    private static String describe(BackfillEvent event) {
        return event.getClass().getSimpleName() + " " + event.eventId();
    }

    // ---- read side (status view) -------------------------------------------------------------------

    public String id() {
        return spec.backfillId();
    }

    public BackfillSpec spec() {
        return spec;
    }

    public BackfillStatus status() {
        return status;
    }

    /** Phases in plan order. */
    public List<PhaseRun> phases() {
        return List.copyOf(phases.values());
    }

    public Optional<PhaseRun> phase(String phaseId) {
        return Optional.ofNullable(phases.get(phaseId));
    }

    /** Phases released and not yet finished, for the in-flight caps. */
    public int inFlight() {
        return (int)
                phases.values().stream().filter(p -> p.status().isInFlight()).count();
    }

    public List<String> rejection() {
        return rejection;
    }

    public Set<String> queuedBehind() {
        return queuedBehind;
    }

    /** Why the backfill halted, when it did. */
    public Optional<String> haltReason() {
        return Optional.ofNullable(haltReason);
    }

    /** Why it is PAUSED (who paused it, or the exhausted budget) or FAILED; empty otherwise. */
    public Optional<String> stateReason() {
        return switch (status) {
            case PAUSED -> Optional.ofNullable(pauseReason);
            case FAILED -> Optional.ofNullable(haltReason);
            default -> Optional.empty();
        };
    }

    /** True once the compute budget stopped the backfill. */
    public boolean budgetExhausted() {
        return budgetExhausted;
    }

    /** Warehouse compute seconds reported for every partition staged, in every attempt. */
    public double computeSpent() {
        return computeSpent;
    }

    /** Observed staging seconds by partition key (the latest attempt's, where one was reported). */
    public Map<String, Double> observedSeconds() {
        return Map.copyOf(observedSeconds);
    }

    /** How many times the unreleased tail was re-split. */
    public int replans() {
        return replans;
    }

    /**
     * Carries the re-split count over a restart: the plan is restored from the latest status, already
     * re-split, and the count recorded there goes with it.
     */
    public void restoreReplans(int count) {
        replans = Math.max(replans, count);
    }
}
