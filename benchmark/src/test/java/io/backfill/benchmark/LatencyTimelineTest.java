package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyTimelineTest {

    @Test
    void putsEachLatencyInTheBucketOfItsCompletionTime() {
        // given
        LatencyTimeline timeline = new LatencyTimeline(1_000);

        // when
        timeline.record(100, 10_000);
        timeline.record(900, 20_000);
        timeline.record(1_500, 300_000);

        // then
        assertThat(timeline.series())
                .extracting(LatencyTimeline.Bucket::startMillis, LatencyTimeline.Bucket::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, 2L), org.assertj.core.groups.Tuple.tuple(1_000L, 1L));
        assertThat(timeline.series().get(1).p95()).isCloseTo(300.0, within(1.0));
    }

    @Test
    void windowMergesOnlyTheBucketsInsideIt() {
        // given
        LatencyTimeline timeline = new LatencyTimeline(1_000);
        for (int i = 0; i < 100; i++) {
            timeline.record(500, 10_000); // bucket 0: 10 ms
            timeline.record(2_500, 100_000); // bucket 2: 100 ms
        }

        // when
        var first = timeline.window(0, 1_000);
        var both = timeline.window(0, 3_000);

        // then
        assertThat(first.getTotalCount()).isEqualTo(100);
        assertThat(LatencyTimeline.percentileMillis(first, 95)).isCloseTo(10.0, within(0.1));
        assertThat(both.getTotalCount()).isEqualTo(200);
        assertThat(LatencyTimeline.percentileMillis(both, 95)).isCloseTo(100.0, within(0.5));
        assertThat(timeline.all().getTotalCount()).isEqualTo(200);
    }

    @Test
    void anEmptyWindowHasNoPercentile() {
        // given
        LatencyTimeline timeline = new LatencyTimeline(1_000);
        timeline.record(500, 10_000);

        // when
        var later = timeline.window(5_000, 6_000);

        // then
        assertThat(later.getTotalCount()).isZero();
        assertThat(LatencyTimeline.percentileMillis(later, 95)).isNaN();
    }
}
