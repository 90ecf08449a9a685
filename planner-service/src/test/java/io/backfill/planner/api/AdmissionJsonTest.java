package io.backfill.planner.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.AdmissionControlKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdmissionJsonTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void settingsCarryEveryOverrideAndWhoAndLeaveTheRestNull() {
        AdmissionJson.Parsed parsed =
                AdmissionJson.settings("{\"maxBudget\": 2, \"reason\": \"close\"}", "wh", "olga", NOW);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.change().getKind()).isEqualTo(AdmissionControlKind.SETTINGS);
        assertThat(parsed.change().getMaxBudget()).isEqualTo(2.0);
        assertThat(parsed.change().getTargetLatencyRatio()).isNull();
        assertThat(parsed.change().getChangedBy()).isEqualTo("olga");
        assertThat(parsed.change().getChangedAt()).isEqualTo(NOW);
        assertThat(parsed.change().getReason()).isEqualTo("close");
    }

    @Test
    void refusesRatiosOutsideOneToTenACeilingNotAboveTheTargetsAndUnknownFields() {
        AdmissionJson.Parsed parsed = AdmissionJson.settings(
                "{\"targetLatencyRatio\": 1.0, \"peakTargetLatencyRatio\": 1.4, \"hardCeilingRatio\": 1.2,"
                        + " \"maxBudget\": -1, \"speed\": 3}",
                "wh",
                "olga",
                NOW);

        assertThat(parsed.change()).isNull();
        assertThat(parsed.problems())
                .anySatisfy(p -> assertThat(p).startsWith("targetLatencyRatio:"))
                .anySatisfy(p -> assertThat(p).startsWith("hardCeilingRatio: must be above peakTargetLatencyRatio"))
                .anySatisfy(p -> assertThat(p).startsWith("maxBudget:"))
                .anySatisfy(p -> assertThat(p).startsWith("speed: unknown field"));
    }

    @Test
    void aThrottleTakesAnIsoDurationOrSecondsAndExpiresThatLongAfterNow() {
        assertThat(AdmissionJson.throttle("{\"factor\": 0, \"ttl\": \"PT10M\"}", "wh", null, "olga", NOW)
                        .change()
                        .getExpiresAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(AdmissionJson.throttle("{\"factor\": 0.5, \"ttl\": 90}", "wh", "bf-1", "olga", NOW)
                        .change()
                        .getExpiresAt())
                .isEqualTo(NOW.plusSeconds(90));
        assertThat(AdmissionJson.throttle("{\"factor\": 0.5, \"ttl\": \"30\"}", "wh", "bf-1", "olga", NOW)
                        .change()
                        .getBackfillId())
                .isEqualTo("bf-1");
    }

    @Test
    void aThrottleNeedsAFactorBelowOneAndATtlOfAtMostADay() {
        assertThat(AdmissionJson.throttle("{\"factor\": 0}", "wh", null, "olga", NOW)
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("ttl: required"));
        assertThat(AdmissionJson.throttle("{\"factor\": 0, \"ttl\": \"P2D\"}", "wh", null, "olga", NOW)
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("ttl: at most"));
        assertThat(AdmissionJson.throttle("{\"factor\": 0, \"ttl\": 0}", "wh", null, "olga", NOW)
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("ttl: must be positive"));
        assertThat(AdmissionJson.throttle("{\"factor\": 1, \"ttl\": 60}", "wh", null, "olga", NOW)
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("factor:"));
        assertThat(AdmissionJson.throttle("not json", "wh", null, "olga", NOW).problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("body:"));
    }
}
