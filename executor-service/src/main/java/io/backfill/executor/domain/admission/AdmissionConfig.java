package io.backfill.executor.domain.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that shapes one executor's admission control. Defaults: {@link #defaults()}.
 *
 * @param strategy which controller to build (default {@code adaptive})
 * @param instanceCap the most partitions this instance ever runs at once, whatever the strategy
 *     (its worker count; default 8)
 * @param staticConcurrency the fixed concurrency of the {@code static} strategy (default 2; capped by
 *     {@code instanceCap})
 * @param maxSampleAge a load sample older than this, by the clock, counts as no sample (default 30 s;
 *     a few sampler periods, so one lost sample is tolerated but a dead sampler is not)
 * @param minStartSpacing least time between two partition starts for {@code adaptive} and
 *     {@code static} (default 1 s, so a burst of permits does not start a burst of statements
 *     before the next sample can see their effect); {@code none} uses only the phase budget's rate
 * @param targets target pressures, peak windows and the hard ceiling ({@code adaptive} only)
 * @param aimd AIMD tuning ({@code adaptive} only)
 */
public record AdmissionConfig(
        AdmissionStrategy strategy,
        int instanceCap,
        int staticConcurrency,
        Duration maxSampleAge,
        Duration minStartSpacing,
        LoadTargets targets,
        AimdSettings aimd) {

    public AdmissionConfig {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(maxSampleAge, "maxSampleAge");
        Objects.requireNonNull(minStartSpacing, "minStartSpacing");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(aimd, "aimd");
        if (instanceCap <= 0) {
            throw new IllegalArgumentException("instanceCap must be positive: " + instanceCap);
        }
        if (staticConcurrency <= 0) {
            throw new IllegalArgumentException("staticConcurrency must be positive: " + staticConcurrency);
        }
        if (maxSampleAge.isNegative() || maxSampleAge.isZero()) {
            throw new IllegalArgumentException("maxSampleAge must be positive: " + maxSampleAge);
        }
        if (minStartSpacing.isNegative()) {
            throw new IllegalArgumentException("minStartSpacing must not be negative: " + minStartSpacing);
        }
    }

    public static AdmissionConfig defaults() {
        return new AdmissionConfig(
                AdmissionStrategy.ADAPTIVE,
                8,
                2,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                LoadTargets.DEFAULTS,
                AimdSettings.DEFAULTS);
    }

    public AdmissionConfig withStrategy(AdmissionStrategy newStrategy) {
        return new AdmissionConfig(
                newStrategy, instanceCap, staticConcurrency, maxSampleAge, minStartSpacing, targets, aimd);
    }

    public AdmissionConfig withInstanceCap(int cap) {
        return new AdmissionConfig(strategy, cap, staticConcurrency, maxSampleAge, minStartSpacing, targets, aimd);
    }

    public AdmissionConfig withStaticConcurrency(int concurrency) {
        return new AdmissionConfig(strategy, instanceCap, concurrency, maxSampleAge, minStartSpacing, targets, aimd);
    }

    public AdmissionConfig withMaxSampleAge(Duration age) {
        return new AdmissionConfig(strategy, instanceCap, staticConcurrency, age, minStartSpacing, targets, aimd);
    }

    public AdmissionConfig withMinStartSpacing(Duration spacing) {
        return new AdmissionConfig(strategy, instanceCap, staticConcurrency, maxSampleAge, spacing, targets, aimd);
    }

    public AdmissionConfig withTargets(LoadTargets newTargets) {
        return new AdmissionConfig(
                strategy, instanceCap, staticConcurrency, maxSampleAge, minStartSpacing, newTargets, aimd);
    }

    public AdmissionConfig withAimd(AimdSettings settings) {
        return new AdmissionConfig(
                strategy, instanceCap, staticConcurrency, maxSampleAge, minStartSpacing, targets, settings);
    }
}
