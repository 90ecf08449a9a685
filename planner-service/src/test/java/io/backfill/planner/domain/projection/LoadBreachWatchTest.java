package io.backfill.planner.domain.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadBreachWatchTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    final LoadBreachWatch watch = new LoadBreachWatch(new LoadBreachWatch.Settings(0.9, 2.0, Duration.ofMinutes(1)));

    static LoadReading at(int seconds, double pressure, Double ratio) {
        return new LoadReading(T0.plusSeconds(seconds), pressure, ratio, 1.5);
    }

    @Test
    void breachesOnceWhenEverySampleStaysAboveForTheSustainPeriod() {
        assertThat(watch.observe(at(0, 0.95, null))).isEmpty();
        assertThat(watch.observe(at(30, 0.97, null))).isEmpty();
        Optional<LoadBreachWatch.Breach> breach = watch.observe(at(60, 0.93, null));
        assertThat(breach).hasValueSatisfying(b -> {
            assertThat(b.since()).isEqualTo(T0);
            assertThat(b.peakPressure()).isEqualTo(0.97);
            assertThat(b.describe())
                    .contains("for 60 s")
                    .contains("pressure 0.93 (peak 0.97, limit 0.90)")
                    .contains("admitted budget 1.50");
        });
        assertThat(watch.observe(at(90, 0.99, null))).isEmpty();
    }

    @Test
    void aSampleBelowTheLimitEndsTheEpisodeAndReArms() {
        watch.observe(at(0, 0.95, null));
        assertThat(watch.observe(at(60, 0.95, null))).isPresent();
        assertThat(watch.observe(at(65, 0.5, null))).isEmpty();
        assertThat(watch.observe(at(70, 0.95, null))).isEmpty();
        assertThat(watch.observe(at(129, 0.95, null))).isEmpty();
        assertThat(watch.observe(at(130, 0.95, null)))
                .hasValueSatisfying(b -> assertThat(b.since()).isEqualTo(T0.plusSeconds(70)));
    }

    @Test
    void aShortSpikeIsNoBreach() {
        watch.observe(at(0, 0.95, null));
        watch.observe(at(30, 0.2, null));
        assertThat(watch.observe(at(61, 0.95, null))).isEmpty();
    }

    @Test
    void theLatencyRatioAloneCanBreach() {
        watch.observe(at(0, 0.3, 2.5));
        assertThat(watch.observe(at(60, 0.3, 2.4)))
                .hasValueSatisfying(b -> assertThat(b.describe()).contains("latency ratio 2.40× (limit 2.00×)"));
    }

    @Test
    void aGapInTheSamplesLongerThanTheSustainPeriodStartsANewEpisode() {
        watch.observe(at(0, 0.95, null));
        assertThat(watch.observe(at(120, 0.95, null))).isEmpty();
        assertThat(watch.observe(at(180, 0.95, null))).isPresent();
    }

    @Test
    void ignoresSamplesNotNewerThanTheLatest() {
        watch.observe(at(0, 0.95, null));
        watch.observe(at(30, 0.95, null));
        assertThat(watch.observe(at(30, 0.2, null))).isEmpty();
        assertThat(watch.observe(at(60, 0.95, null))).isPresent();
    }
}
