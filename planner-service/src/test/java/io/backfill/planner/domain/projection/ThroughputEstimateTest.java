package io.backfill.planner.domain.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThroughputEstimateTest {

    @Test
    void firstObservationReplacesThePrior() {
        ThroughputEstimate estimate = ThroughputEstimate.prior(10).observe(4, Duration.ofSeconds(200));

        assertThat(estimate.secondsPerPartition()).isEqualTo(50.0);
    }

    @Test
    void laterObservationsMoveTheEstimateByAlpha() {
        ThroughputEstimate estimate =
                ThroughputEstimate.prior(10).observe(1, Duration.ofSeconds(50)).observe(1, Duration.ofSeconds(150));

        assertThat(estimate.secondsPerPartition()).isCloseTo(0.3 * 150 + 0.7 * 50, within(1e-9));
        assertThat(estimate.observations()).isEqualTo(2);
    }

    @Test
    void ignoresAnObservationWithoutPartitions() {
        ThroughputEstimate prior = ThroughputEstimate.prior(10);

        assertThat(prior.observe(0, Duration.ofHours(1))).isEqualTo(prior);
    }
}
