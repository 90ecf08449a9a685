package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperatorControlsTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final OperatorControls controls = new OperatorControls(clock);

    @Test
    void withoutThrottlesEveryFactorIsOneAndNoSignalIsShown() {
        assertThat(controls.warehouseFactor()).isEqualTo(1.0);
        assertThat(controls.backfillFactor("bf-1")).isEqualTo(1.0);
        assertThat(controls.signals()).isEmpty();
        assertThat(controls.settings()).isEqualTo(OperatorControls.Settings.NONE);
    }

    @Test
    void aWarehouseThrottleHoldsUntilItsTtlEndsThenLiftsByItself() {
        controls.throttle(throttle(null, 0.0, Duration.ofMinutes(10), clock.instant()));

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(controls.warehouseFactor()).isEqualTo(0.0);
        assertThat(controls.signals())
                .singleElement()
                .isEqualTo(new AdmissionExplanation.Signal("manualThrottle", 0.0, 1.0, "x", true));

        clock.advance(Duration.ofSeconds(1));
        assertThat(controls.warehouseFactor()).isEqualTo(1.0);
        assertThat(controls.activeThrottles()).isEmpty();
        assertThat(controls.signals()).isEmpty();
    }

    @Test
    void aBackfillsThrottleIsItsOwnAndShownAsANonLimitingSignalOfTheInstance() {
        controls.throttle(throttle("bf-1", 0.5, Duration.ofMinutes(1), clock.instant()));

        assertThat(controls.backfillFactor("bf-1")).isEqualTo(0.5);
        assertThat(controls.backfillFactor("bf-2")).isEqualTo(1.0);
        assertThat(controls.warehouseFactor()).isEqualTo(1.0);
        assertThat(controls.signals())
                .singleElement()
                .isEqualTo(new AdmissionExplanation.Signal("manualThrottle[bf-1]", 0.5, 1.0, "x", false));
        assertThat(controls.backfillThrottle("bf-1").orElseThrow().describe())
                .isEqualTo("manual throttle 0.5 of backfill bf-1 by alice until 12:01:00Z: incident 42");
    }

    @Test
    void anUnthrottleLiftsItsScopeAndAnOlderChangeReplayedLateIsIgnored() {
        Instant t0 = clock.instant();
        OperatorControls.Throttle first = throttle(null, 0.0, Duration.ofMinutes(10), t0);
        controls.throttle(first);
        controls.throttle(throttle("bf-1", 0.0, Duration.ofMinutes(10), t0));
        controls.unthrottle(null, t0.plusSeconds(1));

        assertThat(controls.warehouseFactor()).isEqualTo(1.0);
        assertThat(controls.backfillFactor("bf-1")).isEqualTo(0.0);

        controls.throttle(first);
        assertThat(controls.warehouseFactor()).isEqualTo(1.0);
    }

    @Test
    void keepsTheNewestSettings() {
        Instant t0 = clock.instant();
        controls.settings(new OperatorControls.Settings(1.3, null, 2.0, 3.0, "olga", t0.plusSeconds(2)));
        controls.settings(new OperatorControls.Settings(1.1, null, null, null, "late", t0.plusSeconds(1)));

        assertThat(controls.settings().targetLatencyRatio()).isEqualTo(1.3);
        assertThat(controls.settings().maxBudget()).isEqualTo(2.0);
        assertThat(controls.settings().changedBy()).isEqualTo("olga");
    }

    private static OperatorControls.Throttle throttle(String backfill, double factor, Duration ttl, Instant at) {
        return new OperatorControls.Throttle(backfill, factor, at.plus(ttl), "alice", "incident 42", at);
    }
}
