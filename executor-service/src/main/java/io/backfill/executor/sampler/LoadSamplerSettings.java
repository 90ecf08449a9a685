package io.backfill.executor.sampler;

import io.backfill.core.window.WeeklySchedule;
import io.backfill.executor.domain.control.ControllerSettings;
import io.backfill.executor.domain.load.LoadCapacity;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How the load sampler samples one warehouse.
 *
 * @param warehouseId key of the samples on {@code warehouse-load}
 * @param source names the sampler in each sample
 * @param interval time between samples (default 1 s; keep it well below the executors' max sample age)
 * @param canarySql a small, representative read-only query without parameters
 * @param hostMetrics read host CPU from {@code /proc/stat}: only when the warehouse runs on this host
 * @param capacity the levels that count as saturated
 * @param baselineWindow canary latencies remembered for the baseline
 * @param baselinePercentile the baseline is this percentile of them
 * @param baselineMinSamples latencies needed before the canary counts (in the pressure)
 * @param canariesPerSample canary runs per sample, spread over the interval (default 4): the budget
 *     controller's windows need several per second to be robust
 * @param controller how the warehouse budget controller measures and steers
 * @param peakWindows when the controller's peak target applies
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
        int baselineMinSamples,
        int canariesPerSample,
        ControllerSettings controller,
        WeeklySchedule peakWindows) {

    /** The default sampling period: a second, so a spike reaches the budget within about one. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public static final int DEFAULT_CANARIES_PER_SAMPLE = 4;

    /** Settings with the default controller, four canaries per sample and no peak windows. */
    public LoadSamplerSettings(
            String warehouseId,
            String source,
            Duration interval,
            String canarySql,
            boolean hostMetrics,
            LoadCapacity capacity,
            int baselineWindow,
            double baselinePercentile,
            int baselineMinSamples) {
        this(
                warehouseId,
                source,
                interval,
                canarySql,
                hostMetrics,
                capacity,
                baselineWindow,
                baselinePercentile,
                baselineMinSamples,
                DEFAULT_CANARIES_PER_SAMPLE,
                ControllerSettings.defaults(),
                WeeklySchedule.none(ZoneOffset.UTC));
    }

    public LoadSamplerSettings {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(peakWindows, "peakWindows");
        if (canariesPerSample < 1) {
            throw new IllegalArgumentException("canariesPerSample must be at least 1: " + canariesPerSample);
        }
        Objects.requireNonNull(warehouseId, "warehouseId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(canarySql, "canarySql");
        Objects.requireNonNull(capacity, "capacity");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
    }

    /** Time between two canary runs. */
    public Duration canaryPeriod() {
        return interval.dividedBy(canariesPerSample);
    }
}
