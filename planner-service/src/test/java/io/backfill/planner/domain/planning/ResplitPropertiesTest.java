package io.backfill.planner.domain.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStaged;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PhaseStarted;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.lifecycle.PhaseRun;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.PlanBasis;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.testing.Specs;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The planner's re-split end to end in the domain, over random ranges, row counts, phase policies,
 * numbers of phases in flight and observed slow-downs or speed-ups: whatever it decides, the plan still
 * covers exactly the requested partitions, each in one phase, contiguous and numbered in order, and the
 * phases already released are untouched.
 */
class ResplitPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    record Case(int days, int inFlight, SplitPolicy policy, long seed, double slowdown) {}

    @Property(tries = 200)
    void reSplitKeepsReleasedPhasesAndExactCoverage(@ForAll("cases") Case c) {
        // given: a plan cut from random row counts, the first phases released and staged at a random pace
        Random random = new Random(c.seed());
        BackfillSpec s = Specs.valid();
        PartitionRange range = PartitionRange.of(
                PartitionGrain.DAY,
                "UTC",
                "2026-01-01",
                java.time.LocalDate.of(2026, 1, 1).plusDays(c.days()).toString());
        BackfillSpec spec = new BackfillSpec(
                "bf",
                s.target(),
                s.partitionColumn(),
                range,
                s.transformationSql(),
                s.priority(),
                s.deadline(),
                new Budgets(1, 1, Long.MAX_VALUE, c.inFlight()),
                s.windowPolicy(),
                s.rolloutMode(),
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());
        Map<String, Long> rows = new HashMap<>();
        range.partitions().forEach(p -> rows.put(p.key(), (long) random.nextInt(10_000)));
        CostModel prior = CostModel.fromRowCounts(rows, 100, 1_000);
        Planner planner = new Planner(
                new MutableClock(T0), new Planner.Settings(100, Duration.ofMinutes(10), Duration.ofMinutes(30)));
        List<PhasePlan> plan = new PhaseSplitter(c.policy()).split("bf", range, prior);
        planner.submit(spec, List.of(), plan, 1, new PlanBasis(c.policy(), prior), T0);
        planner.tick();
        BackfillRun run = planner.run("bf").orElseThrow();
        List<PhasePlan> released = run.phases().stream()
                .filter(p -> p.status() != io.backfill.planner.domain.lifecycle.PhaseStatus.PLANNED)
                .map(PhaseRun::plan)
                .toList();
        int event = 0;
        for (PhasePlan phase : released) {
            planner.apply("bf", new PhaseStarted("e" + event++, T0, phase.phaseId()));
            for (Partition partition : phase.partitions()) {
                double seconds = prior.secondsFor(partition) * c.slowdown() * (0.5 + random.nextDouble());
                planner.apply(
                        "bf",
                        new PartitionStaged("e" + event++, T0, phase.phaseId(), partition.key(), seconds, seconds));
            }
            planner.apply("bf", new PhaseStaged("e" + event++, T0, phase.phaseId()));
        }

        // when
        planner.resplit("bf");

        // then
        List<PhasePlan> now = run.phases().stream().map(PhaseRun::plan).toList();
        assertThat(now.subList(0, released.size())).containsExactlyElementsOf(released);
        List<Partition> covered = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < now.size(); i++) {
            assertThat(now.get(i).phaseId()).isEqualTo("bf-p" + i);
            assertThat(now.get(i).size()).isLessThanOrEqualTo(c.policy().maxPartitions());
            now.get(i).partitions().forEach(p -> assertThat(keys.add(p.key())).isTrue());
            covered.addAll(now.get(i).partitions());
        }
        assertThat(covered).containsExactlyElementsOf(range.partitions());
        assertThat(run.replans()).isLessThanOrEqualTo(1);
        Statistics.label("re-split").collect(run.replans() == 1);
        // The property must exercise real re-splits, not only plans that already fit.
        Statistics.label("re-split").coverage(checker -> checker.check(true).percentage(p -> p > 20));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<SplitPolicy> policies = Combinators.combine(
                        Arbitraries.integers().between(100, 3000),
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(3, 60))
                .as((target, min, extra) -> new SplitPolicy(Duration.ofSeconds(target), min, min + extra));
        return Combinators.combine(
                        Arbitraries.integers().between(1, 300),
                        Arbitraries.integers().between(1, 5),
                        policies,
                        Arbitraries.longs(),
                        // Clearly faster or clearly slower than the prior: runs that confirm it change nothing.
                        Arbitraries.oneOf(
                                Arbitraries.doubles().between(0.05, 0.5),
                                Arbitraries.doubles().between(2, 20)))
                .as(Case::new);
    }
}
