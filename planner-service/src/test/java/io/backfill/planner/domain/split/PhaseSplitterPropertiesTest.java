package io.backfill.planner.domain.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of {@link PhaseSplitter} over random ranges, zones (DST ones included) and cost shapes. */
class PhaseSplitterPropertiesTest {

    /** Zones with ordinary, half-hour, southern-hemisphere and no DST; Lord Howe shifts by 30 minutes. */
    private static final List<String> ZONES = List.of(
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "America/Santiago",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
            "Pacific/Chatham",
            "America/St_Johns");

    enum CostShape {
        UNIFORM,
        SKEWED,
        WITH_ZEROS,
        SOME_HUGE
    }

    record Case(PartitionRange range, Map<String, Double> costs, SplitPolicy policy) {
        CostModel costModel() {
            return CostModel.observed(costs, CostModel.uniform(0));
        }
    }

    @Property(tries = 300)
    void phasesCoverExactlyTheRequestedPartitionsInOrder(@ForAll("cases") Case c) {
        List<Partition> requested = c.range().partitions();

        List<PhasePlan> phases = new PhaseSplitter(c.policy()).split("bf", c.range(), c.costModel());

        List<Partition> covered = new ArrayList<>();
        phases.forEach(phase -> covered.addAll(phase.partitions()));
        assertThat(covered).containsExactlyElementsOf(requested);
        for (int i = 1; i < phases.size(); i++) {
            assertThat(phases.get(i).first().start().toInstant())
                    .isEqualTo(phases.get(i - 1).last().end().toInstant());
        }
        for (int i = 0; i < phases.size(); i++) {
            assertThat(phases.get(i).index()).isEqualTo(i);
            assertThat(phases.get(i).phaseId()).isEqualTo("bf-p" + i);
        }
    }

    @Property(tries = 300)
    void everyPhaseStaysWithinTargetUnlessItIsAtMinimumSize(@ForAll("cases") Case c) {
        List<PhasePlan> phases = new PhaseSplitter(c.policy()).split("bf", c.range(), c.costModel());

        for (PhasePlan phase : phases) {
            double cost = cost(phase.partitions(), c.costModel());
            assertThat(phase.estimatedSeconds()).isEqualTo(cost);
            if (phase.size() > c.policy().minPartitions()) {
                assertThat(cost)
                        .as("cost of %s", phase)
                        .isLessThanOrEqualTo(c.policy().targetSeconds());
            }
            assertThat(phase.size()).isLessThanOrEqualTo(c.policy().maxPartitions());
        }
    }

    @Property(tries = 300)
    void singlePartitionIsTheOnlyExcuseForExceedingTargetWhenMinimumIsOne(@ForAll("casesWithMinOne") Case c) {
        List<PhasePlan> phases = new PhaseSplitter(c.policy()).split("bf", c.range(), c.costModel());

        assertThat(phases)
                .filteredOn(phase -> phase.estimatedSeconds() > c.policy().targetSeconds())
                .allSatisfy(phase -> assertThat(phase.size()).isEqualTo(1));
    }

    @Property(tries = 300)
    void onlyTheLastPhaseMayBeSmallerThanTheMinimum(@ForAll("cases") Case c) {
        List<PhasePlan> phases = new PhaseSplitter(c.policy()).split("bf", c.range(), c.costModel());

        assertThat(phases.subList(0, phases.size() - 1))
                .allSatisfy(phase -> assertThat(phase.size())
                        .isGreaterThanOrEqualTo(c.policy().minPartitions()));
    }

    @Property(tries = 300)
    void noTwoAdjacentPhasesCouldBeMergedWithinThePolicy(@ForAll("cases") Case c) {
        List<PhasePlan> phases = new PhaseSplitter(c.policy()).split("bf", c.range(), c.costModel());

        for (int i = 1; i < phases.size(); i++) {
            List<Partition> merged = new ArrayList<>(phases.get(i - 1).partitions());
            merged.addAll(phases.get(i).partitions());
            boolean tooLong = merged.size() > c.policy().maxPartitions();
            boolean tooCostly = cost(merged, c.costModel()) > c.policy().targetSeconds();
            assertThat(tooLong || tooCostly)
                    .as("phases %s and %s could have been one", phases.get(i - 1), phases.get(i))
                    .isTrue();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return cases(Arbitraries.integers().between(1, 6));
    }

    @Provide
    Arbitrary<Case> casesWithMinOne() {
        return cases(Arbitraries.just(1));
    }

    private static Arbitrary<Case> cases(Arbitrary<Integer> minPartitions) {
        Arbitrary<PartitionGrain> grains = Arbitraries.of(PartitionGrain.class);
        Arbitrary<ZoneId> zones = Arbitraries.of(ZONES).map(ZoneId::of);
        Arbitrary<LocalDate> days = Arbitraries.integers()
                .between(0, 365 * 30)
                .map(d -> LocalDate.of(2000, 1, 1).plusDays(d));
        Arbitrary<Integer> counts = Arbitraries.integers().between(1, 400);
        Arbitrary<CostShape> shapes = Arbitraries.of(CostShape.class);
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<Integer> targets = Arbitraries.integers().between(1, 20_000);
        Arbitrary<Integer> extraMax = Arbitraries.integers().between(0, 200);
        return Combinators.combine(grains, zones, days, counts, shapes, seeds, targets, minPartitions)
                .flatAs((grain, anyZone, day, count, shape, seed, target, min) -> extraMax.map(extra -> {
                    ZoneId zone = anyZone;
                    ZonedDateTime start = grain.floor(day.atStartOfDay(zone).plusHours(seed & 0x3f));
                    ZonedDateTime end = start;
                    for (int i = 0; i < count; i++) {
                        end = grain.next(end);
                    }
                    PartitionRange range = new PartitionRange(grain, zone, start, end);
                    SplitPolicy policy = new SplitPolicy(Duration.ofSeconds(target), min, min + extra);
                    return new Case(range, costs(range, shape, seed, target), policy);
                }));
    }

    private static Map<String, Double> costs(PartitionRange range, CostShape shape, long seed, double target) {
        Random random = new Random(seed);
        Map<String, Double> costs = new HashMap<>();
        for (Partition partition : range.partitions()) {
            double cost = switch (shape) {
                case UNIFORM -> target / (1 + random.nextInt(50));
                // Log-normal-ish: most partitions cheap, a long tail of expensive ones.
                case SKEWED -> Math.exp(random.nextGaussian() * 2) * target / 20;
                case WITH_ZEROS -> random.nextInt(3) == 0 ? 0.0 : random.nextDouble() * target / 3;
                case SOME_HUGE -> random.nextInt(10) == 0 ? target * (1 + random.nextDouble() * 3) : 1.0;
            };
            costs.put(partition.key(), cost);
        }
        return costs;
    }

    /** Sums in time order, as the splitter does, so floating-point results compare exactly. */
    private static double cost(List<Partition> partitions, CostModel costs) {
        double sum = 0;
        for (Partition partition : partitions) {
            sum += costs.secondsFor(partition);
        }
        return sum;
    }
}
