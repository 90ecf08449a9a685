package io.backfill.planner.domain.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.window.WeeklyWindow;
import io.backfill.planner.domain.projection.Alert.AlertType;
import io.backfill.planner.domain.window.WindowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadlineWatchTest {

    private static final Instant NOW = Instant.parse("2026-03-04T00:00:00Z");
    private static final WindowPolicy ALWAYS = WindowPolicy.always(ZoneOffset.UTC);

    private final DeadlineWatch watch = new DeadlineWatch();

    @Test
    void projectsTheFinishFromRemainingPartitionsAndObservedRate() {
        ThroughputEstimate estimate = ThroughputEstimate.prior(60);

        assertThat(DeadlineWatch.projectFinish(NOW, 90, estimate, ALWAYS)).contains(NOW.plus(Duration.ofMinutes(90)));
    }

    @Test
    void projectionCountsOnlyWindowHours() {
        // given 00:00-02:00 daily windows and four hours of work
        WindowPolicy twoHoursADay = new WindowPolicy(
                ZoneOffset.UTC, List.of(WeeklyWindow.daily(LocalTime.MIDNIGHT, LocalTime.of(2, 0))), Set.of());

        assertThat(DeadlineWatch.projectFinish(NOW, 4, ThroughputEstimate.prior(3600), twoHoursADay))
                .contains(Instant.parse("2026-03-05T02:00:00Z"));
    }

    @Test
    void raisesDeadlineAtRiskOncePerCrossingWithTheProjection() {
        // given a deadline in 100 minutes and 90 partitions at one minute each: on track
        Instant deadline = NOW.plus(Duration.ofMinutes(100));
        ThroughputEstimate estimate = ThroughputEstimate.prior(60);
        assertThat(watch.check("bf", NOW, deadline, 90, estimate, ALWAYS)).isEmpty();

        // when observations show two minutes per partition
        ThroughputEstimate slower = estimate.observe(10, Duration.ofMinutes(20));
        Optional<Alert> first = watch.check("bf", NOW, deadline, 90, slower, ALWAYS);
        Optional<Alert> secondTick = watch.check("bf", NOW.plusSeconds(60), deadline, 90, slower, ALWAYS);

        // then exactly one alert, carrying the projection
        assertThat(first).hasValueSatisfying(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.DEADLINE_AT_RISK);
            assertThat(alert.projectedFinish()).contains(NOW.plus(Duration.ofMinutes(180)));
            assertThat(alert.message()).contains("bf", "projected to finish at", deadline.toString());
        });
        assertThat(secondTick).isEmpty();
    }

    @Test
    void alertsAgainAfterRecoveringAndSlippingOnceMore() {
        Instant deadline = NOW.plus(Duration.ofMinutes(100));
        ThroughputEstimate late = ThroughputEstimate.prior(120);
        ThroughputEstimate onTrack = ThroughputEstimate.prior(60);

        assertThat(watch.check("bf", NOW, deadline, 90, late, ALWAYS)).isPresent();
        assertThat(watch.check("bf", NOW, deadline, 90, onTrack, ALWAYS)).isEmpty();
        assertThat(watch.check("bf", NOW, deadline, 90, late, ALWAYS)).isPresent();
    }

    @Test
    void raisesAtRiskWhenTheWindowsCannotFitTheWorkAtAll() {
        WindowPolicy oneMinuteADay = new WindowPolicy(
                ZoneOffset.UTC, List.of(WeeklyWindow.daily(LocalTime.NOON, LocalTime.of(12, 1))), Set.of());

        Optional<Alert> alert = watch.check(
                "bf", NOW, NOW.plus(Duration.ofDays(1)), 1_000_000, ThroughputEstimate.prior(3600), oneMinuteADay);

        assertThat(alert)
                .hasValueSatisfying(a -> assertThat(a.projectedFinish()).isEmpty());
    }
}
