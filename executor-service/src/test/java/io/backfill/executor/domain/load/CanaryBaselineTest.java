package io.backfill.executor.domain.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CanaryBaselineTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void isUnknownUntilEnoughLatenciesWereSeen() {
        var baseline = new CanaryBaseline(100, 0.1, 5);

        for (int i = 0; i < 4; i++) {
            baseline.observe(ms(100));
        }

        assertThat(baseline.current()).isEmpty();
        baseline.observe(ms(100));
        assertThat(baseline.current()).contains(ms(100));
    }

    @Test
    void doesNotChaseSpikesOrASustainedSlowdownShorterThanMostOfTheWindow() {
        var baseline = new CanaryBaseline(100, 0.1, 10);
        for (int i = 0; i < 100; i++) {
            baseline.observe(ms(100));
        }

        baseline.observe(ms(60_000)); // one huge spike
        for (int i = 0; i < 80; i++) {
            baseline.observe(ms(400)); // then 80% of the window slow
        }

        assertThat(baseline.current()).contains(ms(100));
    }

    @Test
    void followsAGenuineShiftOnceItFillsNinetyPercentOfTheWindow() {
        var baseline = new CanaryBaseline(100, 0.1, 10);
        for (int i = 0; i < 100; i++) {
            baseline.observe(ms(100));
        }

        for (int i = 0; i < 95; i++) {
            baseline.observe(ms(150));
        }

        assertThat(baseline.current()).contains(ms(150));
    }

    @Test
    void learnsTheLowPercentileOfNoisyLatencies() {
        var baseline = new CanaryBaseline(100, 0.1, 10);

        for (int i = 0; i < 100; i++) {
            baseline.observe(ms(100 + i)); // 100..199 ms
        }

        assertThat(baseline.current()).contains(ms(109));
    }
}
