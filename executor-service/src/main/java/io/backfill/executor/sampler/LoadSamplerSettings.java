package io.backfill.executor.sampler;

import io.backfill.executor.domain.load.LoadCapacity;
import java.time.Duration;
import java.util.Objects;

/**
 * How the load sampler samples one warehouse.
 *
 * @param warehouseId key of the samples on {@code warehouse-load}
 * @param source names the sampler in each sample
 * @param interval time between samples (default 5 s; keep it well below the executors' max sample age)
 * @param canarySql a small, representative read-only query without parameters
 * @param hostMetrics read host CPU from {@code /proc/stat}: only when the warehouse runs on this host
 * @param capacity the levels that count as saturated
 * @param baselineWindow canary latencies remembered for the baseline
 * @param baselinePercentile the baseline is this percentile of them
 * @param baselineMinSamples latencies needed before the canary counts
 */
public record LoadSamplerSettings(
        String warehouseId,
        String source,
        Duration interval,
        String canarySql,
        boolean hostMetrics,
        LoadCapacity capacity,
        int baselineWindow,
        double baselinePercentile,
        int baselineMinSamples) {

    public LoadSamplerSettings {
        Objects.requireNonNull(warehouseId, "warehouseId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(canarySql, "canarySql");
        Objects.requireNonNull(capacity, "capacity");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
    }
}
