package io.backfill.benchmark;

import java.time.Duration;
import java.util.List;

/**
 * What one scenario measured.
 *
 * @param completed the backfill reached COMPLETED within the scenario's time limit (true for baselines)
 * @param makespan submit to COMPLETED (the time limit when it did not complete; the fixed length for baselines)
 * @param p95Millis foreground p95 over the scenario's measurement window (the whole run, or the spike)
 * @param windowLabel which window the percentiles cover
 * @param pauses PAUSED progress events (a phase held at a partition boundary by admission)
 * @param published partitions published
 */
record ScenarioResult(
        Scenario scenario,
        int partitions,
        boolean completed,
        Duration makespan,
        double p50Millis,
        double p95Millis,
        double p99Millis,
        long queries,
        long failedQueries,
        String windowLabel,
        long pauses,
        long published,
        List<TimelinePoint> timeline,
        List<LatencyTimeline.Bucket> latency,
        List<Duration> dispatch) {

    double partitionsPerSecond() {
        double seconds = makespan.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : published / seconds;
    }
}
