package io.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

    @Test
    void rateIsOverTheRecentWindowOnly() {
        RateTracker rate = new RateTracker(Duration.ofSeconds(60));
        Instant t0 = Instant.parse("2026-11-24T12:00:00Z");

        assertThat(rate.observe(t0, 0)).isZero();
        assertThat(rate.observe(t0.plusSeconds(10), 10)).isEqualTo(1.0);
        // a long stall: the window forgets the fast start
        rate.observe(t0.plusSeconds(100), 10);
        assertThat(rate.observe(t0.plusSeconds(200), 10)).isZero();
    }

    @Test
    void pressureIsReadFromThePrometheusGauge() {
        String exposition = """
                # HELP backfill_executor_pressure Latest warehouse pressure
                # TYPE backfill_executor_pressure gauge
                backfill_executor_pressure_other 9
                backfill_executor_pressure{instance="executor-1"} 0.375
                """;

        assertThat(PressureProbe.parse(exposition)).isEqualTo(0.375);
        assertThat(PressureProbe.parse("backfill_executor_pressure NaN")).isNull();
        assertThat(PressureProbe.parse("nothing here")).isNull();
    }
}
