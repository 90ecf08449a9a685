package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The coordinated-omission correction, end to end on real threads: queries that queue behind a stalled
 * one are charged their wait, because latency runs from the intended start, not from when a worker got
 * to them. Bounds are generous: these are wall-clock threads on a shared machine.
 */
class OpenLoopLoadTest {

    private static final OpenLoopLoad.Mix ONE = new OpenLoopLoad.Mix(List.of("q"), List.of(1.0));

    @Test
    void queriesQueuedBehindAStallAreChargedTheirWait() throws Exception {
        AtomicBoolean stalled = new AtomicBoolean();
        OpenLoopLoad.QueryRunner runner = type -> {
            if (stalled.compareAndSet(false, true)) {
                TimeUnit.MILLISECONDS.sleep(500);
            }
        };

        ForegroundSamples samples;
        try (OpenLoopLoad load = OpenLoopLoad.start(LoadProfile.steady(200), ONE, runner, 1, 7)) {
            TimeUnit.MILLISECONDS.sleep(1500);
            samples = load.samples();
        }

        List<ForegroundSamples.Sample> firstHalfSecond = samples.window(0, 400_000_000L);
        assertThat(firstHalfSecond).hasSizeGreaterThan(20);
        // Every query meant to start during the stall waited for it: its latency is at least the rest of the stall.
        ForegroundSamples.Sample early = firstHalfSecond.get(firstHalfSecond.size() / 2);
        assertThat(early.latencyMicros()).isGreaterThan(500_000 - early.intendedNanos() / 1_000 - 50_000);
        assertThat(ForegroundSamples.stats(firstHalfSecond).p50()).isGreaterThan(100);
    }

    @Test
    void aSlowWarehouseDoesNotThinTheArrivals() throws Exception {
        OpenLoopLoad.QueryRunner slow = type -> TimeUnit.MILLISECONDS.sleep(20);

        ForegroundSamples samples;
        try (OpenLoopLoad load = OpenLoopLoad.start(LoadProfile.steady(100), ONE, slow, 1, 11)) {
            TimeUnit.SECONDS.sleep(1);
            samples = load.samples();
        }

        // One worker at 20 ms serves 50/s, half of the 100/s that arrive; every arrival is still recorded when
        // the queue drains, and the backlog shows as growing latency.
        List<ForegroundSamples.Sample> all = samples.all();
        assertThat(all).hasSizeGreaterThan(60);
        assertThat(all.getLast().latencyMicros()).isGreaterThan(all.getFirst().latencyMicros() + 200_000);
    }

    @Test
    void failedQueriesAreCountedNotRecorded() throws Exception {
        OpenLoopLoad.QueryRunner failing = type -> {
            throw new java.sql.SQLException("refused");
        };

        ForegroundSamples samples;
        try (OpenLoopLoad load = OpenLoopLoad.start(LoadProfile.steady(200), ONE, failing, 2, 13)) {
            TimeUnit.MILLISECONDS.sleep(300);
            samples = load.samples();
        }

        assertThat(samples.all()).isEmpty();
        assertThat(samples.failures()).isPositive();
    }
}
