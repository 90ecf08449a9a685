package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForegroundSamplesTest {

    @Test
    void latencyRunsFromTheIntendedStartNotFromWhenTheQueryRan() {
        ForegroundSamples samples = new ForegroundSamples();

        // Meant to start at 1 s, picked up late, finished at 1.3 s: the user waited 300 ms.
        samples.record("q", 1_000_000_000L, 1_300_000_000L, true);

        assertThat(samples.all().getFirst().latencyMicros()).isEqualTo(300_000);
    }

    @Test
    void windowSelectsByIntendedStart() {
        ForegroundSamples samples = new ForegroundSamples();
        samples.record("q", 100, 5_000_000_000L, true);
        samples.record("q", 2_000_000_000L, 2_100_000_000L, true);

        assertThat(samples.window(0, 1_000_000_000L)).hasSize(1);
        assertThat(samples.window(1_000_000_000L, 3_000_000_000L)).hasSize(1);
    }

    @Test
    void statsGivePercentilesInMillisecondsAndFilter() {
        ForegroundSamples samples = new ForegroundSamples();
        for (int i = 1; i <= 100; i++) {
            samples.record(i % 2 == 0 ? "even" : "odd", 0, i * 1_000_000L, i <= 50);
        }

        ForegroundSamples.Stats all = ForegroundSamples.stats(samples.all());
        ForegroundSamples.Stats busy = ForegroundSamples.stats(samples.all(), ForegroundSamples.Sample::busy);

        assertThat(all.count()).isEqualTo(100);
        assertThat(all.p95()).isCloseTo(95, within(0.5));
        assertThat(busy.count()).isEqualTo(50);
        assertThat(busy.p95()).isCloseTo(48, within(0.5));
        assertThat(ForegroundSamples.stats(samples.all(), s -> false)).isEqualTo(ForegroundSamples.Stats.EMPTY);
    }
}
