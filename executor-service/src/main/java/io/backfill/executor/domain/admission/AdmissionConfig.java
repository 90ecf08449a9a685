package io.backfill.executor.domain.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that shapes one executor's admission control. Defaults: {@link #defaults()}.
 *
 * @param strategy which controller to build (default {@code adaptive})
 * @param instanceCap the most partitions this instance ever runs at once, whatever the strategy
 *     (its worker count; default 8)
 * @param staticBudget the fixed work budget of the {@code static} strategy, in statement-seconds per
 *     second: the time-average number of statements running, fractional allowed (0.5 is one statement
 *     about half of the time); finite and positive, default 2. At most {@code ceil(staticBudget)}
 *     statements run at once, capped by {@code instanceCap}
 * @param maxSampleAge a load sample older than this, by the clock, counts as no sample (default 30 s;
 *     a few sampler periods, so one lost sample is tolerated but a dead sampler is not)
 * @param targets target pressures, peak windows and the hard ceiling ({@code adaptive} only)
 * @param aimd AIMD tuning ({@code adaptive} only)
 */
public record AdmissionConfig(
        AdmissionStrategy strategy,
        int instanceCap,
        double staticBudget,
        Duration maxSampleAge,
        LoadTargets targets,
        AimdSettings aimd) {

    public AdmissionConfig {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(maxSampleAge, "maxSampleAge");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(aimd, "aimd");
        if (instanceCap <= 0) {
            throw new IllegalArgumentException("instanceCap must be positive: " + instanceCap);
        }
        if (!(staticBudget > 0) || Double.isInfinite(staticBudget)) {
            throw new IllegalArgumentException(
                    "staticBudget must be a finite, positive number of statement-seconds per second: " + staticBudget);
        }
        if (maxSampleAge.isNegative() || maxSampleAge.isZero()) {
            throw new IllegalArgumentException("maxSampleAge must be positive: " + maxSampleAge);
        }
    }

    public static AdmissionConfig defaults() {
        return new AdmissionConfig(
                AdmissionStrategy.ADAPTIVE,
                8,
                2.0,
                Duration.ofSeconds(30),
                LoadTargets.DEFAULTS,
                AimdSettings.DEFAULTS);
    }

    public AdmissionConfig withStrategy(AdmissionStrategy newStrategy) {
        return new AdmissionConfig(newStrategy, instanceCap, staticBudget, maxSampleAge, targets, aimd);
    }

    public AdmissionConfig withInstanceCap(int cap) {
        return new AdmissionConfig(strategy, cap, staticBudget, maxSampleAge, targets, aimd);
    }

    public AdmissionConfig withStaticBudget(double budget) {
        return new AdmissionConfig(strategy, instanceCap, budget, maxSampleAge, targets, aimd);
    }

    public AdmissionConfig withMaxSampleAge(Duration age) {
        return new AdmissionConfig(strategy, instanceCap, staticBudget, age, targets, aimd);
    }

    public AdmissionConfig withTargets(LoadTargets newTargets) {
        return new AdmissionConfig(strategy, instanceCap, staticBudget, maxSampleAge, newTargets, aimd);
    }

    public AdmissionConfig withAimd(AimdSettings settings) {
        return new AdmissionConfig(strategy, instanceCap, staticBudget, maxSampleAge, targets, settings);
    }
}
