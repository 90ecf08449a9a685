package io.backfill.planner.domain.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import io.backfill.planner.domain.lifecycle.BackfillEvent.CommandIssued;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStarted;
import io.backfill.planner.domain.lifecycle.BackfillStatus;
import io.backfill.planner.domain.lifecycle.Instruction.ReleasePhase;
import io.backfill.planner.domain.projection.Alert;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.testing.MutableClock;
import io.backfill.planner.domain.testing.Specs;
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
}
