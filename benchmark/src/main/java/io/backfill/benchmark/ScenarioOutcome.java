package io.backfill.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario measured. Foreground samples are those meant to start inside the scenario's
 * window (submission to completion for a backfill; the fixed length for a baseline), with offsets
 * from the window's start.
 *
 * @param strategy empty for a baseline
 * @param block which repeat and profile block it belongs to (its baseline is the block's)
 * @param windowSeconds the window's length: the makespan for a completed backfill
 * @param statementSeconds the sum of the partitions' statement times, from PARTITION_STAGED events
 * @param cpuSeconds CPU seconds each process group used during the scenario
 */
record ScenarioOutcome(
        String profile,
        Optional<Strategy> strategy,
        int repeat,
        int order,
        boolean completed,
        double windowSeconds,
        int partitions,
        long published,
        double statementSeconds,
        long pauses,
        List<ForegroundSamples.Sample> samples,
        long foregroundFailures,
        List<Duration> dispatch,
        Map<String, Double> cpuSeconds,
        List<Tick> ticks) {

    boolean baseline() {
        return strategy.isEmpty();
    }

    String label() {
        return strategy.map(Strategy::label).orElse("baseline");
    }

    /** {@code steady/static-0.5/r1}: unique within a run. */
    String id() {
        return profile + "/" + strategy.map(Strategy::slug).orElse("baseline") + "/r" + repeat;
    }
}
