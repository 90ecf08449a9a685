package io.backfill.planner.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Re-splitting the unreleased rest of a plan, over random ranges, grains, cost shapes before and after,
 * and numbers of phases already released: the plan still covers exactly the requested partitions, each
 * in one phase, contiguous and in order; released phases keep their ids and partitions; the new phases
 * are numbered on from the first replaced one.
 */
class ReplanPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    record Case(PartitionRange range, SplitPolicy before, SplitPolicy after, long seed, int releasedFraction) {}

    @Property(tries = 300)
    void reSplittingTheUnreleasedRestKeepsExactCoverageWithoutOverlap(@ForAll("cases") Case c) {
        // given: a plan, and some of its first phases released
        List<Partition> requested = c.range().partitions();
        Random random = new Random(c.seed());
        List<PhasePlan> plan = new PhaseSplitter(c.before()).split("bf-1", requested, randomCosts(random, c.before()));
        BackfillRun run = BackfillRun.requested(Specs.valid());
        assertThat(run.plan(plan).isApplied()).isTrue();
        int released = plan.size() * c.releasedFraction() / 100;
        List<PhasePlan> kept = plan.subList(0, released);
        kept.forEach(p -> assertThat(run.release(p.phaseId(), T0).isApplied()).isTrue());

        // when: the rest is cut again with other costs
        List<PhasePlan> tail = run.unreleasedTail();
        List<Partition> rest =
                tail.stream().flatMap(p -> p.partitions().stream()).toList();
        Outcome outcome = rest.isEmpty()
                ? null
                : run.replan(new PhaseSplitter(c.after())
                        .split(
                                "bf-1",
                                rest,
                                randomCosts(random, c.after()),
                                tail.getFirst().index()));

        // then
        assertThat(tail).hasSize(plan.size() - released);
        if (outcome != null) {
            assertThat(outcome.isApplied()).as(outcome.refusal()).isTrue();
        }
        List<PhasePlan> now = run.phases().stream().map(PhaseRun::plan).toList();
        assertThat(now.subList(0, released)).containsExactlyElementsOf(kept);
        List<Partition> covered = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < now.size(); i++) {
            PhasePlan phase = now.get(i);
            assertThat(phase.index()).isEqualTo(i);
            assertThat(phase.phaseId()).isEqualTo("bf-1-p" + i);
            phase.partitions()
                    .forEach(p -> assertThat(keys.add(p.key()))
                            .as("partition %s in two phases", p.key())
                            .isTrue());
            covered.addAll(phase.partitions());
            if (i > 0) {
                assertThat(phase.first().start().toInstant())
                        .isEqualTo(now.get(i - 1).last().end().toInstant());
            }
        }
        assertThat(covered).containsExactlyElementsOf(requested);
    }

    @Property(tries = 100)
    void refusesACutThatLosesOrAddsPartitions(@ForAll("cases") Case c) {
        // given
        List<Partition> requested = c.range().partitions();
        BackfillRun run = BackfillRun.requested(Specs.valid());
        run.plan(new PhaseSplitter(c.before()).split("bf-1", requested, CostModel.uniform(1)));
        List<PhasePlan> before = run.phases().stream().map(PhaseRun::plan).toList();
        List<Partition> rest = run.unreleasedTail().stream()
                .flatMap(p -> p.partitions().stream())
                .toList();

        // when: the last partition is dropped from the cut
        Outcome outcome = rest.size() < 2
                ? run.replan(List.of())
                : run.replan(new PhaseSplitter(c.after())
                        .split("bf-1", rest.subList(0, rest.size() - 1), CostModel.uniform(1), 0));

        // then
        assertThat(outcome.isRefused()).isTrue();
        assertThat(run.phases().stream().map(PhaseRun::plan).toList()).containsExactlyElementsOf(before);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<PartitionGrain> grains = Arbitraries.of(PartitionGrain.class);
        Arbitrary<Integer> counts = Arbitraries.integers().between(1, 300);
        Arbitrary<SplitPolicy> policies = Combinators.combine(
                        Arbitraries.integers().between(1, 5000),
                        Arbitraries.integers().between(1, 5),
                        Arbitraries.integers().between(0, 40))
                .as((target, min, extra) -> new SplitPolicy(Duration.ofSeconds(target), min, min + extra));
        return Combinators.combine(
                        grains,
                        counts,
                        policies,
                        policies,
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 100))
                .as((grain, count, before, after, seed, fraction) -> {
                    PartitionRange first = PartitionRange.of(grain, "Europe/Berlin", start(grain), start(grain));
                    var end = first.start();
                    for (int i = 0; i < count; i++) {
                        end = grain.next(end);
                    }
                    return new Case(
                            new PartitionRange(grain, first.start().getZone(), first.start(), end),
                            before,
                            after,
                            seed,
                            fraction);
                });
    }

    private static String start(PartitionGrain grain) {
        return switch (grain) {
            case HOUR -> "2026-03-29T00:00";
            case DAY -> "2026-03-01";
            case MONTH -> "2026-01";
        };
    }

    /** Log-normal-ish costs around a tenth of the target, so phases hold several partitions. */
    private static CostModel randomCosts(Random random, SplitPolicy policy) {
        double scale = policy.targetSeconds() / 10;
        double spread = random.nextDouble() * 2;
        long salt = random.nextLong();
        return partition -> {
            Random local = new Random(salt ^ partition.key().hashCode());
            return Math.exp(local.nextGaussian() * spread) * scale;
        };
    }
}
