package io.backfill.planner.domain.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseSplitterTest {

    @Test
    void splitsUniformCostsIntoPhasesOfTargetDuration() {
        // given ten days at one hour each and a four-hour target
        PartitionRange range = PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-03-01", "2026-03-11");
        PhaseSplitter splitter = new PhaseSplitter(new SplitPolicy(Duration.ofHours(4), 1, 100));

        // when
        List<PhasePlan> phases = splitter.split("bf", range, CostModel.uniform(3600));

        // then
        assertThat(phases).extracting(PhasePlan::size).containsExactly(4, 4, 2);
        assertThat(phases.getFirst().first().key()).isEqualTo("2026-03-01");
        assertThat(phases.getLast().last().key()).isEqualTo("2026-03-10");
    }

    @Test
    void givesAPartitionCostlierThanTheTargetAPhaseOfItsOwn() {
        // given
        PartitionRange range = PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-03-01", "2026-03-06");
        CostModel costs = CostModel.fromRowCounts(Map.of("2026-03-03", 1_000_000L), 100, 1_000);

        // when
        List<PhasePlan> phases =
                new PhaseSplitter(new SplitPolicy(Duration.ofMinutes(10), 1, 100)).split("bf", range, costs);

        // then: 10 s, 10 s | 10,000 s | 10 s, 10 s
        assertThat(phases).extracting(PhasePlan::size).containsExactly(2, 1, 2);
        assertThat(phases.get(1).first().key()).isEqualTo("2026-03-03");
        assertThat(phases.get(1).estimatedSeconds()).isEqualTo(10_000.0);
    }

    @Test
    void capsPhasesAtMaxPartitionsEvenWhenTheyAreCheap() {
        PartitionRange range = PartitionRange.of(PartitionGrain.MONTH, "Europe/Berlin", "2020-01", "2021-01");

        List<PhasePlan> phases =
                new PhaseSplitter(new SplitPolicy(Duration.ofDays(1), 1, 5)).split("bf", range, CostModel.uniform(1));

        assertThat(phases).extracting(PhasePlan::size).containsExactly(5, 5, 2);
    }

    @Test
    void keepsMinimumPartitionsPerPhaseEvenPastTheTarget() {
        PartitionRange range = PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-03-01", "2026-03-08");

        List<PhasePlan> phases = new PhaseSplitter(new SplitPolicy(Duration.ofSeconds(10), 3, 10))
                .split("bf", range, CostModel.uniform(60));

        assertThat(phases).extracting(PhasePlan::size).containsExactly(3, 3, 1);
    }

    @Test
    void usesObservedSecondsInsteadOfRowCountEstimatesOnceKnown() {
        PartitionRange range = PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-03-01", "2026-03-05");
        CostModel guess = CostModel.uniform(100);
        CostModel observed = CostModel.observed(Map.of("2026-03-01", 400.0, "2026-03-02", 400.0), guess);

        List<PhasePlan> phases =
                new PhaseSplitter(new SplitPolicy(Duration.ofSeconds(400), 1, 10)).split("bf", range, observed);

        assertThat(phases).extracting(PhasePlan::size).containsExactly(1, 1, 2);
    }

    @Test
    void splitsTheTwoFallBackHoursIntoDistinctPartitions() {
        // given the night Berlin falls back: 02:00-03:00 local happens twice
        PartitionRange range =
                PartitionRange.of(PartitionGrain.HOUR, "Europe/Berlin", "2026-10-25T00:00", "2026-10-25T04:00");

        List<PhasePlan> phases = new PhaseSplitter(new SplitPolicy(Duration.ofSeconds(1), 1, 1))
                .split("bf", range, CostModel.uniform(1));

        assertThat(phases)
                .extracting(phase -> phase.first().key())
                .containsExactly(
                        "2026-10-25T00:00+02:00",
                        "2026-10-25T01:00+02:00",
                        "2026-10-25T02:00+02:00",
                        "2026-10-25T02:00+01:00",
                        "2026-10-25T03:00+01:00");
    }

    @Test
    void splitsOneHundredThousandPartitionsWellUnderASecond() {
        // given ~11 years of hourly partitions
        PartitionRange range =
                PartitionRange.of(PartitionGrain.HOUR, "America/New_York", "2015-01-01T00:00", "2026-05-29T17:00");
        PhaseSplitter splitter = new PhaseSplitter(new SplitPolicy(Duration.ofMinutes(30), 1, 1_000));
        CostModel costs = partition -> (partition.start().getHour() % 7) * 60.0;

        // when
        long started = System.nanoTime();
        List<PhasePlan> phases = splitter.split("bf", range, costs);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // then
        assertThat(phases.stream().mapToInt(PhasePlan::size).sum()).isEqualTo(100_000);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void refusesANegativeCostNamingThePartition() {
        PartitionRange range = PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-03-01", "2026-03-02");

        assertThatThrownBy(() -> new PhaseSplitter(new SplitPolicy(Duration.ofSeconds(1), 1, 1))
                        .split("bf", range, partition -> -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-03-01");
    }
}
