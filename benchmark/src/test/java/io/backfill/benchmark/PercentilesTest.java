package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundredIsTheRankItself() {
        // given
        List<Duration> sample = IntStream.rangeClosed(1, 100)
                .mapToObj(Duration::ofMillis)
                .toList()
                .reversed();

        // when / then
        assertThat(Percentiles.of(sample, 50)).isEqualTo(Duration.ofMillis(50));
        assertThat(Percentiles.of(sample, 95)).isEqualTo(Duration.ofMillis(95));
        assertThat(Percentiles.of(sample, 100)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void p95OfTenTrialsIsTheSlowest() {
        // given
        List<Duration> trials =
                IntStream.rangeClosed(1, 10).mapToObj(Duration::ofSeconds).toList();

        // when / then
        assertThat(Percentiles.of(trials, 95)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Percentiles.of(List.of(), 95)).isNull();
    }
}
