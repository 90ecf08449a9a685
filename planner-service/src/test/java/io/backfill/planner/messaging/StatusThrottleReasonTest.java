package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.LoadSample;
import io.backfill.planner.domain.projection.LoadReading;
import io.backfill.planner.load.WarehouseLoadFeed;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusThrottleReasonTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aManualThrottleIsTheReasonOverTheLoadSamplesAndWithNeitherThereIsNone() {
        LoadReading reading = new LoadReading(NOW, 0.4, 1.3, 1.0, "holding: latency ratio 1.30x in the dead band");

        assertThat(StatusPublisher.withThrottleReason(
                                status(), Optional.of("manual throttle 0.0"), Optional.of(reading))
                        .getThrottleReason())
                .isEqualTo("manual throttle 0.0");
        assertThat(StatusPublisher.withThrottleReason(status(), Optional.empty(), Optional.of(reading))
                        .getThrottleReason())
                .isEqualTo("holding: latency ratio 1.30x in the dead band");
        assertThat(StatusPublisher.withThrottleReason(status(), Optional.empty(), Optional.empty())
                        .getThrottleReason())
                .isNull();
    }

    @Test
    void aLoadSampleWithoutAThrottleReasonFieldGivesNone() {
        LoadSample sample = LoadSample.newBuilder()
                .setWarehouseId("wh")
                .setSampledAt(NOW)
                .setPressure(0.2)
                .build();

        assertThat(WarehouseLoadFeed.reading(sample).throttleReason()).isNull();
    }

    private static BackfillStatus status() {
        return BackfillStatus.newBuilder()
                .setBackfillId("bf-1")
                .setState(BackfillState.RUNNING)
                .setUpdatedAt(NOW)
                .build();
    }
}
