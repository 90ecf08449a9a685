package io.backfill.planner.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.FailurePolicy;
import io.backfill.planner.domain.RolloutMode;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import io.backfill.planner.domain.lifecycle.BackfillEvent.CommandIssued;
import io.backfill.planner.domain.lifecycle.BackfillEvent.GateDecided;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseDiscarded;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseFailed;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhasePublished;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStarted;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Verdict;
import io.backfill.planner.domain.lifecycle.Instruction.AbortPhase;
import io.backfill.planner.domain.lifecycle.Instruction.DiscardPhase;
import io.backfill.planner.domain.lifecycle.Instruction.PausePhase;
import io.backfill.planner.domain.lifecycle.Instruction.PublishPhase;
import io.backfill.planner.domain.lifecycle.Instruction.ReleasePhase;
import io.backfill.planner.domain.lifecycle.Instruction.RollbackPhase;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackfillRunTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private int eventSeq;

    @Test
    void dryRunPlansAndCompletesWithoutReleasingAnything() {
        BackfillRun run = BackfillRun.requested(spec(RolloutMode.DRY_RUN, false, FailurePolicy.halt()));

        Outcome outcome = run.plan(phases(3));

        assertThat(outcome.isApplied()).isTrue();
        assertThat(outcome.instructions()).isEmpty();
        assertThat(run.status()).isEqualTo(BackfillStatus.COMPLETED);
        assertThat(run.phases()).hasSize(3);
        assertThat(run.releasablePhaseIds(T0)).isEmpty();
    }

    @Test
    void publishModePublishesOnCommitAndCompletesWhenEveryPhaseIsPublished() {
        // given
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 1);
        String phase = "bf-1-p0";

        // when
        Outcome release = run.release(phase, T0);
        run.apply(new PhaseStarted(id(), T0, phase));
        run.apply(new PartitionStaged(id(), T0, phase, "2026-03-01"));
        run.apply(new PhaseStaged(id(), T0, phase));
        Outcome commit = run.apply(new GateDecided(id(), T0, phase, Verdict.COMMIT, "all checks passed"));
        run.apply(new PhasePublished(id(), T0, phase));

        // then
        assertThat(release.instructions()).singleElement().isInstanceOf(ReleasePhase.class);
        assertThat(commit.instructions()).containsExactly(new PublishPhase("bf-1", phase));
        assertThat(run.phase(phase).orElseThrow().status()).isEqualTo(PhaseStatus.PUBLISHED);
        assertThat(run.status()).isEqualTo(BackfillStatus.COMPLETED);
    }

    @Test
    void shadowModeDiscardsACommittedPhaseInsteadOfPublishing() {
        BackfillRun run = planned(RolloutMode.SHADOW, false, FailurePolicy.halt(), 1);
        String phase = "bf-1-p0";
        stage(run, phase);

        Outcome commit = run.apply(new GateDecided(id(), T0, phase, Verdict.COMMIT, "ok"));
        run.apply(new PhaseDiscarded(id(), T0, phase));

        assertThat(commit.instructions())
                .containsExactly(new DiscardPhase("bf-1", phase, "shadow mode never publishes"));
        assertThat(run.status()).isEqualTo(BackfillStatus.COMPLETED);
    }

    @Test
    void reapplyingTheSameEventIdIsANoOp() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 1);
        stage(run, "bf-1-p0");
        GateDecided commit = new GateDecided("gate-1", T0, "bf-1-p0", Verdict.COMMIT, "ok");

        Outcome first = run.apply(commit);
        Outcome again = run.apply(commit);

        assertThat(first.instructions()).hasSize(1);
        assertThat(again.kind()).isEqualTo(Outcome.Kind.DUPLICATE);
        assertThat(again.instructions()).isEmpty();
        assertThat(run.phase("bf-1-p0").orElseThrow().status()).isEqualTo(PhaseStatus.PUBLISHING);
    }

    @Test
    void refusesAnInvalidTransitionWithAMessageInsteadOfThrowing() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 1);

        Outcome outcome = run.apply(new GateDecided(id(), T0, "bf-1-p0", Verdict.COMMIT, "ok"));

        assertThat(outcome.isRefused()).isTrue();
        assertThat(outcome.refusal()).contains("GateDecided", "bf-1-p0", "PLANNED");
        assertThat(outcome.instructions()).isEmpty();
    }

    @Test
    void refusesAnEventForAnUnknownPhase() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 1);

        Outcome outcome = run.apply(new PhaseStarted(id(), T0, "bf-1-p99"));

        assertThat(outcome.refusal()).isEqualTo("backfill bf-1 has no phase bf-1-p99");
    }

    @Test
    void haltPolicyFailsTheBackfillAndAbortsOtherRunningPhases() {
        // given two running phases
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 3);
        run.release("bf-1-p0", T0);
        run.release("bf-1-p1", T0);
        run.apply(new PhaseStarted(id(), T0, "bf-1-p1"));

        // when one fails
        Outcome outcome = run.apply(new PhaseFailed(id(), T0, "bf-1-p0", "syntax error"));

        // then
        assertThat(run.status()).isEqualTo(BackfillStatus.FAILED);
        assertThat(run.haltReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("bf-1-p0", "syntax error"));
        assertThat(outcome.instructions()).singleElement().isInstanceOf(AbortPhase.class);
        assertThat(outcome.instructions().getFirst().phaseId()).isEqualTo("bf-1-p1");
        assertThat(run.releasablePhaseIds(T0)).isEmpty();
    }

    @Test
    void retryPolicyReleasesARejectedPhaseAgainAfterBackoffThenHalts() {
        // given one retry with a one-minute backoff
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.retry(1, Duration.ofMinutes(1)), 1);
        String phase = "bf-1-p0";
        stage(run, phase);

        // when the gate rejects it and the discard is confirmed
        Outcome reject = run.apply(new GateDecided(id(), T0, phase, Verdict.REJECT, "null rate 12% > 1%"));
        run.apply(new PhaseDiscarded(id(), T0, phase));

        // then it may be released again only after the backoff, as attempt 2
        assertThat(reject.instructions().getFirst()).isInstanceOf(DiscardPhase.class);
        assertThat(run.releasablePhaseIds(T0.plusSeconds(59))).isEmpty();
        assertThat(run.releasablePhaseIds(T0.plusSeconds(60))).containsExactly(phase);
        Outcome again = run.release(phase, T0.plusSeconds(60));
        assertThat(((ReleasePhase) again.instructions().getFirst()).attempt()).isEqualTo(2);

        // and a second failure halts
        run.apply(new PhaseFailed(id(), T0.plusSeconds(90), phase, "timeout"));
        assertThat(run.status()).isEqualTo(BackfillStatus.FAILED);
        assertThat(run.phase(phase).orElseThrow().status()).isEqualTo(PhaseStatus.FAILED);
    }

    @Test
    void doesNotReReleaseARejectedPhaseBeforeItsStagingIsDiscarded() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.retry(3, Duration.ZERO), 1);
        stage(run, "bf-1-p0");

        run.apply(new GateDecided(id(), T0, "bf-1-p0", Verdict.REJECT, "bad"));

        assertThat(run.releasablePhaseIds(T0.plusSeconds(3600))).isEmpty();
        assertThat(run.phase("bf-1-p0").orElseThrow().status()).isEqualTo(PhaseStatus.DISCARDING);
    }

    @Test
    void canaryReleasesOnlyTheFirstPhaseUntilItsGatePasses() {
        BackfillRun run = planned(RolloutMode.CANARY, false, FailurePolicy.halt(), 3);

        assertThat(run.releasablePhaseIds(T0)).containsExactly("bf-1-p0");
        stage(run, "bf-1-p0");
        assertThat(run.releasablePhaseIds(T0)).isEmpty();

        run.apply(new GateDecided(id(), T0, "bf-1-p0", Verdict.COMMIT, "ok"));

        assertThat(run.releasablePhaseIds(T0)).containsExactly("bf-1-p1", "bf-1-p2");
    }

    @Test
    void canaryWithRequiredApprovalWaitsForApproveAfterTheGate() {
        BackfillRun run = planned(RolloutMode.CANARY, true, FailurePolicy.halt(), 2);
        stage(run, "bf-1-p0");

        Outcome commit = run.apply(new GateDecided(id(), T0, "bf-1-p0", Verdict.COMMIT, "ok"));

        assertThat(commit.instructions()).containsExactly(new PublishPhase("bf-1", "bf-1-p0"));
        assertThat(run.status()).isEqualTo(BackfillStatus.AWAITING_APPROVAL);
        assertThat(run.releasablePhaseIds(T0)).isEmpty();

        run.apply(new CommandIssued(id(), T0, Command.APPROVE, "bob"));

        assertThat(run.status()).isEqualTo(BackfillStatus.RUNNING);
        assertThat(run.releasablePhaseIds(T0)).containsExactly("bf-1-p1");
    }

    @Test
    void requiredApprovalOutsideCanaryHoldsEveryPhase() {
        BackfillRun run = planned(RolloutMode.PUBLISH, true, FailurePolicy.halt(), 2);

        assertThat(run.status()).isEqualTo(BackfillStatus.AWAITING_APPROVAL);
        assertThat(run.releasablePhaseIds(T0)).isEmpty();
        run.apply(new CommandIssued(id(), T0, Command.APPROVE, "bob"));
        assertThat(run.status()).isEqualTo(BackfillStatus.PLANNED);
        assertThat(run.releasablePhaseIds(T0)).containsExactly("bf-1-p0", "bf-1-p1");
    }

    @Test
    void pausedBackfillReleasesNothingButLetsInFlightPhasesPublish() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 2);
        stage(run, "bf-1-p0");

        run.apply(new CommandIssued(id(), T0, Command.PAUSE, "alice"));
        Outcome commit = run.apply(new GateDecided(id(), T0, "bf-1-p0", Verdict.COMMIT, "ok"));

        assertThat(run.status()).isEqualTo(BackfillStatus.PAUSED);
        assertThat(run.releasablePhaseIds(T0)).isEmpty();
        assertThat(commit.instructions()).containsExactly(new PublishPhase("bf-1", "bf-1-p0"));

        run.apply(new CommandIssued(id(), T0, Command.RESUME, "alice"));
        assertThat(run.status()).isEqualTo(BackfillStatus.RUNNING);
        assertThat(run.releasablePhaseIds(T0)).containsExactly("bf-1-p1");
    }

    @Test
    void refusesResumeWhenNotPaused() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 1);

        Outcome outcome = run.apply(new CommandIssued(id(), T0, Command.RESUME, "alice"));

        assertThat(outcome.refusal()).isEqualTo("cannot resume backfill bf-1 while it is PLANNED");
    }

    @Test
    void cancelAbortsRunningDiscardsStagedAndNeverPublishesALateCommit() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 3);
        run.release("bf-1-p0", T0);
        stage(run, "bf-1-p1");

        Outcome cancel = run.apply(new CommandIssued(id(), T0, Command.CANCEL, "alice"));
        Outcome lateCommit = run.apply(new GateDecided(id(), T0, "bf-1-p1", Verdict.COMMIT, "ok"));

        assertThat(run.status()).isEqualTo(BackfillStatus.CANCELLED);
        assertThat(cancel.instructions())
                .containsExactly(
                        new AbortPhase("bf-1", "bf-1-p0", "cancelled by alice"),
                        new DiscardPhase("bf-1", "bf-1-p1", "cancelled by alice"));
        assertThat(lateCommit.isRefused()).isTrue();
        assertThat(run.releasablePhaseIds(T0)).isEmpty();
    }

    @Test
    void discardsStagingThatRacedACancel() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 1);
        run.release("bf-1-p0", T0);
        run.apply(new CommandIssued(id(), T0, Command.CANCEL, "alice"));

        Outcome late = run.apply(new PhaseStaged(id(), T0, "bf-1-p0"));

        assertThat(late.instructions()).singleElement().isInstanceOf(DiscardPhase.class);
    }

    @Test
    void rollbackRestoresEveryPublishedPhaseIncludingOneStillPublishing() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 3);
        publish(run, "bf-1-p0");
        stage(run, "bf-1-p1");
        run.apply(new GateDecided(id(), T0, "bf-1-p1", Verdict.COMMIT, "ok"));

        Outcome rollback = run.apply(new CommandIssued(id(), T0, Command.ROLLBACK, "alice"));
        Outcome latePublish = run.apply(new PhasePublished(id(), T0, "bf-1-p1"));

        assertThat(run.status()).isEqualTo(BackfillStatus.ROLLED_BACK);
        assertThat(rollback.instructions()).containsExactly(new RollbackPhase("bf-1", "bf-1-p0"));
        assertThat(latePublish.instructions()).containsExactly(new RollbackPhase("bf-1", "bf-1-p1"));
    }

    @Test
    void refusesRollbackOfABackfillThatNeverReleasedAPhase() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 1);

        assertThat(run.apply(new CommandIssued(id(), T0, Command.ROLLBACK, "alice"))
                        .isRefused())
                .isTrue();
        assertThat(run.status()).isEqualTo(BackfillStatus.PLANNED);
    }

    @Test
    void rejectedRequestCannotBePlanned() {
        BackfillRun run = BackfillRun.requested(spec(RolloutMode.PUBLISH, false, FailurePolicy.halt()));
        run.reject(List.of("range: empty"));

        Outcome plan = run.plan(phases(1));

        assertThat(plan.isRefused()).isTrue();
        assertThat(run.status()).isEqualTo(BackfillStatus.REJECTED);
        assertThat(run.rejection()).containsExactly("range: empty");
    }

    @Test
    void queuedBackfillIsPlannedOnceItsTurnComes() {
        BackfillRun run = BackfillRun.requested(spec(RolloutMode.PUBLISH, false, FailurePolicy.halt()));

        run.queue(List.of("bf-0"));
        assertThat(run.status()).isEqualTo(BackfillStatus.QUEUED);
        assertThat(run.releasablePhaseIds(T0)).isEmpty();

        run.plan(phases(1));
        assertThat(run.status()).isEqualTo(BackfillStatus.PLANNED);
    }

    @Test
    void countsReleasedUnfinishedPhasesAsInFlight() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 3);
        run.release("bf-1-p0", T0);
        publish(run, "bf-1-p1");

        assertThat(run.inFlight()).isEqualTo(1);
    }

    // ---- fixtures ----

    // ---- re-split, budget, partition states ----------------------------------------------------

    @Test
    void theUnreleasedTailStopsAtTheLastPhaseAnExecutorHasSeen() {
        // given: p0 released, p1 released, failed and back to PLANNED for a retry, p2 and p3 never released
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.retry(3, Duration.ZERO), 4);
        run.release("bf-1-p0", T0);
        run.release("bf-1-p1", T0);
        run.apply(new PhaseFailed(id(), T0, "bf-1-p1", "boom"));

        // when
        List<PhasePlan> tail = run.unreleasedTail();

        // then
        assertThat(run.phase("bf-1-p1").orElseThrow().status()).isEqualTo(PhaseStatus.PLANNED);
        assertThat(tail).extracting(PhasePlan::phaseId).containsExactly("bf-1-p2", "bf-1-p3");
    }

    @Test
    void replanReplacesOnlyTheUnreleasedTailAndCountsTheReplan() {
        // given
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 4);
        run.release("bf-1-p0", T0);
        List<io.backfill.core.Partition> rest = run.unreleasedTail().stream()
                .flatMap(p -> p.partitions().stream())
                .toList();
        List<PhasePlan> recut = new PhaseSplitter(new SplitPolicy(Duration.ofHours(1), 1, 100))
                .split("bf-1", rest, CostModel.uniform(1), 1);

        // when
        Outcome outcome = run.replan(recut);

        // then: the three one-partition phases became one
        assertThat(outcome.isApplied()).isTrue();
        assertThat(run.phases()).extracting(PhaseRun::phaseId).containsExactly("bf-1-p0", "bf-1-p1");
        assertThat(run.phase("bf-1-p1").orElseThrow().plan().size()).isEqualTo(3);
        assertThat(run.phase("bf-1-p0").orElseThrow().status()).isEqualTo(PhaseStatus.RELEASED);
        assertThat(run.replans()).isEqualTo(1);
    }

    @Test
    void replanRefusesPhasesNumberedOverReleasedOnes() {
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 3);
        run.release("bf-1-p0", T0);
        List<io.backfill.core.Partition> rest = run.unreleasedTail().stream()
                .flatMap(p -> p.partitions().stream())
                .toList();

        Outcome outcome = run.replan(new PhaseSplitter(new SplitPolicy(Duration.ofHours(1), 1, 100))
                .split("bf-1", rest, CostModel.uniform(1), 0));

        assertThat(outcome.isRefused()).isTrue();
        assertThat(run.replans()).isZero();
    }

    @Test
    void budgetExhaustionPausesRunningPhasesAndRefusesResume() {
        // given
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 2);
        run.release("bf-1-p0", T0);
        run.apply(new PartitionStaged(id(), T0, "bf-1-p0", "2026-03-01", 30.0, 12.5));

        // when
        Outcome stop = run.exhaustBudget("BUDGET_EXHAUSTED: 12.5 of 10 compute seconds spent");
        Outcome resume = run.apply(new CommandIssued(id(), T0, Command.RESUME, "bob"));

        // then
        assertThat(stop.instructions()).containsExactly(new PausePhase("bf-1", "bf-1-p0"));
        assertThat(run.status()).isEqualTo(BackfillStatus.PAUSED);
        assertThat(run.stateReason()).hasValue("BUDGET_EXHAUSTED: 12.5 of 10 compute seconds spent");
        assertThat(run.releasablePhaseIds(T0)).isEmpty();
        assertThat(resume.isRefused()).isTrue();
        assertThat(resume.refusal()).contains("BUDGET_EXHAUSTED");
        assertThat(run.exhaustBudget("again").isRefused()).isTrue();
        assertThat(run.computeSpent()).isEqualTo(12.5);
    }

    @Test
    void aReleasedPhaseCarriesWhatIsLeftOfTheComputeBudget() {
        // given: a budget of 36 000 compute seconds (Specs.valid), 1000 already spent by p0
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.halt(), 2);
        run.release("bf-1-p0", T0);
        run.apply(new PartitionStaged(id(), T0, "bf-1-p0", "2026-03-01", 1.0, 1000.0));

        // when
        Outcome release = run.release("bf-1-p1", T0);

        // then
        assertThat(release.instructions())
                .singleElement()
                .isInstanceOfSatisfying(
                        ReleasePhase.class,
                        r -> assertThat(r.computeAllowance()).hasValue(35_000.0));
    }

    @Test
    void aPhaseFailingAfterTheBudgetIsSpentNeitherRetriesNorHaltsTheBackfill() {
        // given: the budget stopped the backfill while p0 was running
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.retry(3, Duration.ZERO), 2);
        run.release("bf-1-p0", T0);
        run.exhaustBudget("BUDGET_EXHAUSTED: spent");

        // when: the executor stops the phase at its allowance
        Outcome failed = run.apply(new PhaseFailed(id(), T0, "bf-1-p0", "compute budget of 10.0 s used up"));

        // then
        assertThat(failed.isApplied()).isTrue();
        assertThat(run.phase("bf-1-p0").orElseThrow().status()).isEqualTo(PhaseStatus.FAILED);
        assertThat(run.phase("bf-1-p0").orElseThrow().attempt()).isEqualTo(1);
        assertThat(run.status()).isEqualTo(BackfillStatus.PAUSED);
        assertThat(run.stateReason()).hasValue("BUDGET_EXHAUSTED: spent");
    }

    @Test
    void computeOfEveryAttemptIsChargedAndARedeliveryIsNot() {
        // given
        BackfillRun run = planned(RolloutMode.PUBLISH, false, FailurePolicy.retry(1, Duration.ZERO), 1);
        run.release("bf-1-p0", T0);
        PartitionStaged first = new PartitionStaged(id(), T0, "bf-1-p0", "2026-03-01", 2.0, 4.0);
        run.apply(first);
        run.apply(first);
        run.apply(new PhaseFailed(id(), T0, "bf-1-p0", "boom"));
        run.release("bf-1-p0", T0);

        // when
        run.apply(new PartitionStaged(id(), T0, "bf-1-p0", "2026-03-01", 3.0, 5.0));

        // then
        assertThat(run.computeSpent()).isEqualTo(9.0);
        assertThat(run.observedSeconds()).containsEntry("2026-03-01", 3.0);
    }

    @Test
    void partitionStatesFollowThePhaseAndWhatWasStaged() {
        // given: p0 published with one partition rolled back, p1 running with one of its partitions staged,
        // p2 never released
        BackfillRun run = BackfillRun.requested(spec(RolloutMode.PUBLISH, false, FailurePolicy.halt()));
        run.plan(new PhaseSplitter(new SplitPolicy(Duration.ofHours(1), 1, 2))
                .split("bf-1", Specs.valid().range().partitions().subList(0, 6), CostModel.uniform(60)));
        run.release("bf-1-p0", T0);
        stageAll(run, "bf-1-p0", "2026-03-01", "2026-03-02");
        run.apply(new GateDecided(id(), T0, "bf-1-p0", Verdict.COMMIT, "ok"));
        run.apply(new PhasePublished(id(), T0, "bf-1-p0"));
        run.apply(new BackfillEvent.PartitionRolledBack(id(), T0, "bf-1-p0", "2026-03-02"));
        run.release("bf-1-p1", T0);
        run.apply(new PartitionStaged(id(), T0, "bf-1-p1", "2026-03-03"));

        // then
        assertThat(run.phase("bf-1-p0").orElseThrow().partitionStates())
                .containsExactly(
                        java.util.Map.entry("2026-03-01", PartitionState.PUBLISHED),
                        java.util.Map.entry("2026-03-02", PartitionState.ROLLED_BACK));
        assertThat(run.phase("bf-1-p1").orElseThrow().partitionStates())
                .containsExactly(
                        java.util.Map.entry("2026-03-03", PartitionState.STAGED),
                        java.util.Map.entry("2026-03-04", PartitionState.PLANNED));

        // when
        run.apply(new PartitionStaged(id(), T0, "bf-1-p1", "2026-03-04"));
        run.apply(new PhaseStaged(id(), T0, "bf-1-p1"));
        run.apply(new GateDecided(id(), T0, "bf-1-p1", Verdict.REJECT, "null_rate FAIL"));

        // then
        assertThat(run.phase("bf-1-p1").orElseThrow().partitionStates())
                .containsValues(PartitionState.REJECTED, PartitionState.REJECTED);
        assertThat(run.phase("bf-1-p2").orElseThrow().partitionStates())
                .containsValues(PartitionState.PLANNED, PartitionState.PLANNED);
    }

    private void stageAll(BackfillRun run, String phase, String... partitions) {
        run.apply(new PhaseStarted(id(), T0, phase));
        for (String partition : partitions) {
            run.apply(new PartitionStaged(id(), T0, phase, partition));
        }
        run.apply(new PhaseStaged(id(), T0, phase));
    }

    private String id() {
        return "e" + (++eventSeq);
    }

    private void stage(BackfillRun run, String phase) {
        assertThat(run.release(phase, T0).isApplied()).isTrue();
        run.apply(new PhaseStarted(id(), T0, phase));
        run.apply(new PhaseStaged(id(), T0, phase));
    }

    private void publish(BackfillRun run, String phase) {
        stage(run, phase);
        run.apply(new GateDecided(id(), T0, phase, Verdict.COMMIT, "ok"));
        run.apply(new PhasePublished(id(), T0, phase));
    }

    private BackfillRun planned(RolloutMode mode, boolean approval, FailurePolicy policy, int phases) {
        BackfillRun run = BackfillRun.requested(spec(mode, approval, policy));
        assertThat(run.plan(phases(phases)).isApplied()).isTrue();
        return run;
    }

    private static List<io.backfill.planner.domain.split.PhasePlan> phases(int count) {
        BackfillSpec spec = Specs.valid();
        return new PhaseSplitter(new SplitPolicy(Duration.ofHours(1), 1, 100))
                .split(spec.backfillId(), spec.range().partitions().subList(0, count), CostModel.uniform(3600));
    }

    private static BackfillSpec spec(RolloutMode mode, boolean approval, FailurePolicy policy) {
        BackfillSpec s = Specs.valid();
        return new BackfillSpec(
                s.backfillId(),
                s.target(),
                s.partitionColumn(),
                s.range(),
                s.transformationSql(),
                s.priority(),
                s.deadline(),
                s.budgets(),
                s.windowPolicy(),
                mode,
                approval,
                policy,
                s.dependsOn(),
                s.requester());
    }
}
