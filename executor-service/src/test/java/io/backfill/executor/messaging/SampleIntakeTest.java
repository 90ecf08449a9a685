package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.load.LoadSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SampleIntakeTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    final SampleIntake intake = new SampleIntake(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void holdsReplayedSamplesAndHandsOnOnlyTheNewestOnceCaughtUp() {
        assertThat(intake.accept(sample(-30, 0.9), true)).isEmpty();
        assertThat(intake.accept(sample(-10, 0.2), true)).isEmpty();
        assertThat(intake.accept(sample(-20, 0.7), true)).isEmpty();

        assertThat(intake.caughtUp()).extracting(LoadSample::pressure).containsExactly(0.2);
        assertThat(intake.caughtUp()).isEmpty();
        assertThat(intake.accept(sample(-1, 0.4), false))
                .extracting(LoadSample::pressure)
                .containsExactly(0.4);
    }

    @Test
    void aFeedThatStartsWithNothingToReplayHandsOnNothingWhenCaughtUp() {
        assertThat(intake.caughtUp()).isEmpty();
        assertThat(intake.accept(sample(0, 0.5), false)).hasSize(1);
    }

    @Test
    void refusesASampleStampedBeyondTheToleranceAheadOfTheClock() {
        long tolerance = SampleIntake.FUTURE_TOLERANCE.toSeconds();
        assertThat(intake.refusal(sample(tolerance, 0.5))).isEmpty();
        assertThat(intake.refusal(sample(tolerance + 1, 0.5)))
                .hasValueSatisfying(why -> assertThat(why).contains("ahead of this executor's clock"));
        assertThat(intake.refusal(sample(-3600, 0.5))).isEmpty();
    }

    private static LoadSample sample(long secondsFromNow, double pressure) {
        return LoadSample.of("wh", NOW.plus(Duration.ofSeconds(secondsFromNow)), pressure);
    }
}
