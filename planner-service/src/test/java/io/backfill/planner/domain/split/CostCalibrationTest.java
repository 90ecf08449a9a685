package io.backfill.planner.domain.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostCalibrationTest {

    private final List<Partition> days = PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-03-01", "2026-03-11")
            .partitions();

    @Test
    void withoutObservationsThePriorStandsUnchanged() {
        CostModel prior = CostModel.uniform(10);

        CostCalibration calibration = CostCalibration.of(prior, days, Map.of());

        assertThat(calibration.observations()).isZero();
        assertThat(calibration.scale()).isEqualTo(1.0);
        assertThat(calibration.apply(prior).secondsFor(days.get(5))).isEqualTo(10.0);
    }

    @Test
    void blendsTheObservedRateWithThePriorWorthTwoPartitions() {
        // given: two partitions observed three times slower than the row counts predicted
        CostModel prior = CostModel.uniform(10);
        Map<String, Double> observed =
                Map.of(days.get(0).key(), 30.0, days.get(1).key(), 30.0);

        // when
        CostCalibration calibration = CostCalibration.of(prior, days.subList(0, 2), observed);

        // then: (2 × 3 + 2 × 1) / (2 + 2) = 2
        assertThat(calibration.scale()).isCloseTo(2.0, within(1e-9));
        assertThat(calibration.apply(prior).secondsFor(days.get(7))).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void moreObservationsMoveTheEstimateCloserToTheObservedRate() {
        CostModel prior = CostModel.uniform(10);
        Map<String, Double> few = Map.of(days.get(0).key(), 30.0);
        Map<String, Double> many = Map.of(
                days.get(0).key(), 30.0,
                days.get(1).key(), 30.0,
                days.get(2).key(), 30.0,
                days.get(3).key(), 30.0,
                days.get(4).key(), 30.0,
                days.get(5).key(), 30.0);

        double afterOne = CostCalibration.of(prior, days, few).scale();
        double afterSix = CostCalibration.of(prior, days, many).scale();

        assertThat(afterOne).isGreaterThan(1.0).isLessThan(afterSix);
        assertThat(afterSix).isLessThan(3.0);
    }

    @Test
    void keepsTheRowCountShapeOfTheRemainingPartitions() {
        // given: the prior thinks day 8 is twice as heavy as day 7; observations halve the rate
        CostModel prior = CostModel.fromRowCounts(
                Map.of(
                        days.get(0).key(),
                        100L,
                        days.get(7).key(),
                        100L,
                        days.get(8).key(),
                        200L),
                10,
                100);
        Map<String, Double> observed = Map.of(days.get(0).key(), 20.0);

        // when
        CostModel calibrated =
                CostCalibration.of(prior, days.subList(0, 1), observed).apply(prior);

        // then
        assertThat(calibrated.secondsFor(days.get(8))).isCloseTo(2 * calibrated.secondsFor(days.get(7)), within(1e-9));
        assertThat(calibrated.secondsFor(days.get(7))).isGreaterThan(10.0).isLessThan(20.0);
    }

    @Test
    void withAZeroPriorBlendsTheObservedMeanIntoEachPartition() {
        // given: the target held no rows, so the prior predicted nothing
        CostModel prior = CostModel.uniform(0);
        Map<String, Double> observed =
                Map.of(days.get(0).key(), 8.0, days.get(1).key(), 4.0);

        // when
        CostModel calibrated =
                CostCalibration.of(prior, days.subList(0, 2), observed).apply(prior);

        // then: (8 + 4 + 2 × 0) / (2 + 2)
        assertThat(calibrated.secondsFor(days.get(9))).isCloseTo(3.0, within(1e-9));
    }
}
