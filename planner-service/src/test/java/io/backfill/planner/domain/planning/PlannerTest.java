package io.backfill.planner.domain.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import io.backfill.planner.domain.lifecycle.BackfillEvent.CommandIssued;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseFailed;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStarted;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.lifecycle.BackfillStatus;
import io.backfill.planner.domain.lifecycle.Instruction.PausePhase;
import io.backfill.planner.domain.lifecycle.Instruction.ReleasePhase;
import io.backfill.planner.domain.lifecycle.PhaseRun;
import io.backfill.planner.domain.lifecycle.PhaseStatus;
import io.backfill.planner.domain.projection.Alert;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.PlanBasis;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.testing.Specs;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cross-backfill planning: queueing, dependencies, caps, re-estimation and alerts, on a fake clock. */
class PlannerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final Planner planner =
            new Planner(clock, new Planner.Settings(3, Duration.ofMinutes(10), Duration.ofMinutes(30)));

    private static BackfillSpec spec(String id, Budgets budgets) {
        return spec(id, "daily_revenue", budgets);
    }

    private static BackfillSpec spec(String id, String table, Budgets budgets) {
        BackfillSpec s = Specs.valid();
        return new BackfillSpec(
                id,
                new io.backfill.core.TableRef("analytics", table),
                s.partitionColumn(),
                s.range(),
                s.transformationSql(),
                s.priority(),
                s.deadline(),
                budgets,
                s.windowPolicy(),
                s.rolloutMode(),
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());
    }

    private static List<PhasePlan> plans(BackfillSpec spec) {
        return new PhaseSplitter(new SplitPolicy(Duration.ofHours(1), 1, 10))
                .split(spec.backfillId(), spec.range(), CostModel.uniform(60));
    }

    private Step submit(BackfillSpec spec) {
        return planner.submit(spec, List.of(), plans(spec), 60, clock.instant());
    }

    @Test
    void releasesWithinTheBackfillsOwnCapAndTheWarehouseCap() {
        // given: two backfills on different tables, caps 2 per backfill, 3 warehouse-wide
        submit(spec("a", "table_a", new Budgets(1, 1, 1000, 2)));
        submit(spec("b", "table_b", new Budgets(1, 1, 1000, 2)));

        // when
        Step step = planner.tick();

        // then
        assertThat(step.instructions()).hasSize(3).allMatch(i -> i instanceof ReleasePhase);
        assertThat(planner.run("a").orElseThrow().inFlight()
                        + planner.run("b").orElseThrow().inFlight())
                .isEqualTo(3);
        assertThat(planner.tick().instructions()).isEmpty();
    }

    @Test
    void queuesAnOverlappingBackfillAndPlansItWhenTheFirstEnds() {
        // given
        submit(spec("first", new Budgets(1, 1, 1000, 1)));

        // when
        submit(spec("second", new Budgets(1, 1, 1000, 1)));

        // then
        assertThat(planner.run("second").orElseThrow().status()).isEqualTo(BackfillStatus.QUEUED);
        Step cancel = planner.apply("first", new CommandIssued("c1", T0, Command.CANCEL, "alice"));
        assertThat(cancel.changed()).contains("first", "second");
        assertThat(planner.run("second").orElseThrow().status()).isEqualTo(BackfillStatus.PLANNED);
    }

    @Test
    void waitsForItsDependenciesToComplete() {
        // given
        BackfillSpec base = spec("dep", new Budgets(1, 1, 1000, 1));
        BackfillSpec dependent = new BackfillSpec(
                "child",
                new io.backfill.core.TableRef("analytics", "other"),
                base.partitionColumn(),
                base.range(),
                base.transformationSql(),
                base.priority(),
                base.deadline(),
                base.budgets(),
                base.windowPolicy(),
                base.rolloutMode(),
                false,
                base.failurePolicy(),
                Set.of("parent"),
                base.requester());

        // when
        submit(dependent);

        // then
        assertThat(planner.run("child").orElseThrow().status()).isEqualTo(BackfillStatus.QUEUED);
        assertThat(planner.run("child").orElseThrow().queuedBehind()).containsExactly("parent");
    }

    @Test
    void raisesDeadlineAtRiskAsSoonAsAnObservationProjectsPastTheDeadline() {
        // given: 31 partitions at 60 s fit easily before a deadline in 2 days
        BackfillSpec s = spec("late", new Budgets(1, 1, 1000, 1));
        BackfillSpec withDeadline = new BackfillSpec(
                s.backfillId(),
                s.target(),
                s.partitionColumn(),
                s.range(),
                s.transformationSql(),
                s.priority(),
                Optional.of(T0.plus(Duration.ofDays(2))),
                s.budgets(),
                s.windowPolicy(),
                s.rolloutMode(),
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());
        submit(withDeadline);
        assertThat(planner.tick().alerts()).isEmpty();

        // when: a partition took 3 hours
        Step step = planner.observe("late", 1, Duration.ofHours(3));

        // then
        assertThat(step.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(Alert.AlertType.DEADLINE_AT_RISK);
            assertThat(alert.projectedFinish()).isPresent();
        });
        assertThat(planner.projectedLatenessSeconds("late")).isPositive();
    }

    @Test
    void raisesStuckPhaseWhenAPhaseMakesNoProgress() {
        // given
        submit(spec("stuck", new Budgets(1, 1, 1000, 1)));
        planner.tick();
        planner.apply("stuck", new PhaseStarted("e1", clock.instant(), "stuck-p0"));

        // when
        clock.advance(Duration.ofMinutes(31));
        Step step = planner.tick();

        // then
        assertThat(step.alerts()).extracting(Alert::type).containsExactly(Alert.AlertType.STUCK_PHASE);
    }

    @Test
    void aDryRunCompletesAtOnceWithItsPlanAndAProjectedFinishAndReleasesNothing() {
        // given
        BackfillSpec s = spec("dry", new Budgets(1, 1, 1000, 1));
        BackfillSpec dryRun = new BackfillSpec(
                s.backfillId(),
                s.target(),
                s.partitionColumn(),
                s.range(),
                s.transformationSql(),
                s.priority(),
                s.deadline(),
                s.budgets(),
                s.windowPolicy(),
                io.backfill.planner.domain.RolloutMode.DRY_RUN,
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());

        // when
        submit(dryRun);

        // then: 31 partitions at 60 s, always inside the window
        assertThat(planner.run("dry").orElseThrow().status()).isEqualTo(BackfillStatus.COMPLETED);
        assertThat(planner.projectedFinish("dry")).hasValue(T0.plus(Duration.ofSeconds(31 * 60)));
        assertThat(planner.tick().instructions()).isEmpty();
    }

    // ---- re-split from observed cost -----------------------------------------------------------

    private static final SplitPolicy HOUR_PHASES = new SplitPolicy(Duration.ofHours(1), 1, 10);

    /** 31 days at a prior of 600 s each: phases of 6 partitions, p0..p5 (the last holds one). */
    private Step submitWithBasis(BackfillSpec spec) {
        CostModel prior = CostModel.uniform(600);
        List<PhasePlan> plans = new PhaseSplitter(HOUR_PHASES).split(spec.backfillId(), spec.range(), prior);
        return planner.submit(spec, List.of(), plans, 600, new PlanBasis(HOUR_PHASES, prior), clock.instant());
    }

    private void stagePhase(String backfillId, String phaseId, double secondsEach) {
        PhaseRun phase = planner.run(backfillId).orElseThrow().phase(phaseId).orElseThrow();
        planner.apply(backfillId, new PhaseStarted(phaseId + "-start", clock.instant(), phaseId));
        for (var partition : phase.plan().partitions()) {
            planner.apply(
                    backfillId,
                    new PartitionStaged(
                            phaseId + "-" + partition.key(),
                            clock.instant(),
                            phaseId,
                            partition.key(),
                            secondsEach,
                            secondsEach));
        }
        planner.apply(backfillId, new PhaseStaged(phaseId + "-staged", clock.instant(), phaseId));
    }

    @Test
    void reSplitsTheUnreleasedPhasesWhenPartitionsRunSlowerThanTheRowCountsSaid() {
        // given: p0 (6 partitions) released and staged at 1800 s per partition, three times the prior
        submitWithBasis(spec("slow", new Budgets(1, 1, Long.MAX_VALUE, 1)));
        planner.tick();
        stagePhase("slow", "slow-p0", 1800);

        // when
        Step step = planner.resplit("slow");

        // then: calibrated 600 × (6 × 3 + 2) / (6 + 2) = 1500 s per partition, so two per phase
        BackfillRun run = planner.run("slow").orElseThrow();
        assertThat(step.changed()).containsExactly("slow");
        assertThat(run.replans()).isEqualTo(1);
        assertThat(run.phases().getFirst().plan().size()).isEqualTo(6);
        assertThat(run.phases().getFirst().status()).isEqualTo(PhaseStatus.STAGED);
        assertThat(run.phases().subList(1, run.phases().size()))
                .extracting(p -> p.plan().size())
                .containsExactly(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1);
        assertThat(run.phases()).extracting(PhaseRun::phaseId).last().isEqualTo("slow-p13");
    }

    @Test
    void keepsThePlanWhenObservationsConfirmIt() {
        // given: staged at 650 s per partition, within the tolerance of the 600 s prior
        submitWithBasis(spec("steady", new Budgets(1, 1, Long.MAX_VALUE, 1)));
        planner.tick();
        stagePhase("steady", "steady-p0", 650);

        // when
        Step step = planner.resplit("steady");

        // then
        assertThat(step.isEmpty()).isTrue();
        assertThat(planner.run("steady").orElseThrow().replans()).isZero();
        assertThat(planner.run("steady").orElseThrow().phases()).hasSize(6);
    }

    @Test
    void mergesUnreleasedPhasesWhenPartitionsRunFasterUpToTheSizeBound() {
        // given: staged at 60 s per partition, a tenth of the prior
        submitWithBasis(spec("fast", new Budgets(1, 1, Long.MAX_VALUE, 1)));
        planner.tick();
        stagePhase("fast", "fast-p0", 60);

        // when
        planner.resplit("fast");

        // then: 600 × (6 × 0.1 + 2) / 8 = 195 s per partition: 18 fit in an hour, but at most 10 per phase
        assertThat(planner.run("fast").orElseThrow().phases())
                .extracting(p -> p.plan().size())
                .containsExactly(6, 10, 10, 5);
    }

    @Test
    void neverReSplitsWithoutObservationsOrABasis() {
        submit(spec("nobasis", new Budgets(1, 1, Long.MAX_VALUE, 1)));
        submitWithBasis(spec("unobserved", "other_table", new Budgets(1, 1, Long.MAX_VALUE, 1)));

        assertThat(planner.resplit("nobasis").isEmpty()).isTrue();
        assertThat(planner.resplit("unobserved").isEmpty()).isTrue();
    }

    // ---- compute budget ------------------------------------------------------------------------

    @Test
    void stopsReleasingAndAlertsOnceTheComputeBudgetIsSpent() {
        // given: a budget of 100 compute seconds, two phases allowed in flight
        submit(spec("budget", new Budgets(1, 1, 100, 2)));
        assertThat(planner.tick().instructions()).hasSize(2);
        planner.apply("budget", new PartitionStaged("s1", clock.instant(), "budget-p0", "2026-03-01", 1.0, 60.0));

        // when
        Step step = planner.apply(
                "budget", new PartitionStaged("s2", clock.instant(), "budget-p1", "2026-03-02", 1.0, 45.0));

        // then
        BackfillRun run = planner.run("budget").orElseThrow();
        assertThat(step.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(Alert.AlertType.BUDGET_EXHAUSTED);
            assertThat(alert.message()).contains("105.0 of 100 compute seconds");
        });
        assertThat(step.instructions())
                .containsExactlyInAnyOrder(
                        new PausePhase("budget", "budget-p0"), new PausePhase("budget", "budget-p1"));
        assertThat(run.status()).isEqualTo(BackfillStatus.PAUSED);
        assertThat(run.stateReason()).hasValueSatisfying(r -> assertThat(r).startsWith("BUDGET_EXHAUSTED"));

        // when: slots free up
        planner.apply("budget", new PhaseFailed("f0", clock.instant(), "budget-p0", "aborted"));
        Step later = planner.tick();

        // then: nothing more is released, and the alert is not repeated
        assertThat(later.instructions()).isEmpty();
        assertThat(later.alerts()).isEmpty();
        assertThat(planner.apply("budget", new CommandIssued("r1", clock.instant(), Command.RESUME, "bob"))
                        .refusal())
                .hasValueSatisfying(r -> assertThat(r).contains("budget"));
    }

    @Test
    void anUnlimitedBudgetNeverStopsABackfill() {
        submit(spec("unlimited", new Budgets(1, 1, Long.MAX_VALUE, 1)));
        planner.tick();

        Step step = planner.apply(
                "unlimited", new PartitionStaged("s1", clock.instant(), "unlimited-p0", "2026-03-01", 1.0, 1e9));

        assertThat(step.alerts()).isEmpty();
        assertThat(planner.run("unlimited").orElseThrow().status()).isEqualTo(BackfillStatus.RUNNING);
    }
}
