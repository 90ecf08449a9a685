package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StartRuleTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final AdmissionDecision FOUR_PER_SECOND = AdmissionDecision.admit(4, Duration.ofMillis(250));

    @Test
    void startsWhenBelowBothLimitsAndPastBothSpacings() {
        StartCheck check = StartRule.evaluate(
                NOW, FOUR_PER_SECOND, 3, NOW.minusSeconds(1), FOUR_PER_SECOND, 1, NOW.minusSeconds(2));

        assertThat(check).isEqualTo(new StartCheck.Go());
    }

    @Test
    void waitsForAReleaseWhenTheInstanceIsFullEvenIfTheLaneIsNot() {
        StartCheck check = StartRule.evaluate(NOW, FOUR_PER_SECOND, 4, null, FOUR_PER_SECOND, 0, null);

        assertThat(check).isEqualTo(new StartCheck.AtCapacity(4, 4));
    }

    @Test
    void waitsUntilTheLaterOfTheTwoSpacingsHasPassed() {
        var lane = AdmissionDecision.admit(4, Duration.ofSeconds(2));

        StartCheck check =
                StartRule.evaluate(NOW, FOUR_PER_SECOND, 0, NOW.minusMillis(100), lane, 0, NOW.minusSeconds(1));

        assertThat(check).isEqualTo(new StartCheck.NotBefore(NOW.plusSeconds(1)));
    }

    @Test
    void aPauseWinsOverFreeCapacity() {
        StartCheck check = StartRule.evaluate(
                NOW,
                AdmissionDecision.paused(PauseReason.HARD_CEILING),
                0,
                null,
                AdmissionDecision.paused(PauseReason.HARD_CEILING),
                0,
                null);

        assertThat(check).isEqualTo(new StartCheck.Paused(PauseReason.HARD_CEILING));
    }

    @Test
    void runningAboveALoweredLimitBlocksStartsWithoutStoppingAnything() {
        StartCheck check = StartRule.evaluate(
                NOW,
                AdmissionDecision.admit(2, Duration.ZERO),
                5,
                null,
                AdmissionDecision.admit(2, Duration.ZERO),
                5,
                null);

        assertThat(check).isEqualTo(new StartCheck.AtCapacity(5, 2));
    }
}
