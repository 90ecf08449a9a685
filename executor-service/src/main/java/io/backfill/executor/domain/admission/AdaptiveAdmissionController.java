package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.admission.AdmissionExplanation.Signal;
import io.backfill.executor.domain.load.BudgetReading;
import io.backfill.executor.domain.load.LoadSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The default strategy: this executor's share of its warehouse's work budget.
 *
 * <p><b>With the coordinator's sampler</b> (samples carry a {@link BudgetReading}): the budget for the
 * whole warehouse is decided in one place, by the elected sampler's latency-setpoint controller
 * ({@code WarehouseBudgetController}), and every executor of the warehouse takes its share: the
 * fraction of the {@code backfill-phases} partitions it owns ({@code share}), so the shares of the
 * group add up to the warehouse budget however many executors there are. The decision is a work
 * budget ({@link AdmissionDecision#budgeted}): the {@link PartitionPacer} paces starts by it, with
 * no fixed spacing between starts. A budget of 0 (a probe hold, or a sustained breach of the hard
 * ceiling) admits nothing and pauses.
 *
 * <p><b>With a user's own feed</b> (pressure only): there is no warehouse controller, so this
 * executor steers its own budget on pressure, AIMD-style: below the target in force it grows by
 * {@code additiveIncrease} per fresh sample, above it it is multiplied by {@code decreaseFactor}
 * (never below a tenth of a statement), above the hard ceiling it pauses. That fallback knows
 * nothing of the other executors; run the coordinator's sampler for one budget per warehouse.
 *
 * <p>Either way: no sample yet, or one older than {@code maxSampleAge}, admits nothing (pause
 * {@link PauseReason#NO_LOAD_SAMPLE} / {@link PauseReason#STALE_LOAD_SAMPLE}). Samples not newer than
 * the last one (redelivered or out of order) are ignored.
 */
public final class AdaptiveAdmissionController implements AdmissionController {

    /** The least budget the pressure fallback decreases to: it keeps measuring, never collapses. */
    static final double FALLBACK_FLOOR = 0.1;

    private final AdmissionConfig config;
    private final Clock clock;
    private final DoubleSupplier share;
    private double fallbackBudget;
    private LoadSample latest;

    public AdaptiveAdmissionController(AdmissionConfig config, Clock clock) {
        this(config, clock, () -> 1.0);
    }

    /**
     * @param share this executor's fraction of the warehouse budget, in [0, 1] (its part of the group)
     */
    public AdaptiveAdmissionController(AdmissionConfig config, Clock clock, DoubleSupplier share) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.share = Objects.requireNonNull(share, "share");
        this.fallbackBudget = Math.max(FALLBACK_FLOOR, Math.min(config.aimd().initialLimit(), config.instanceCap()));
    }

    @Override
    public synchronized void onLoadSample(LoadSample sample) {
        Objects.requireNonNull(sample, "sample");
        if (latest != null && !sample.sampledAt().isAfter(latest.sampledAt())) {
            return;
        }
        latest = sample;
        Instant now = clock.instant();
        if (sample.budget().isPresent() || LoadFreshness.isStale(sample, now, config.maxSampleAge())) {
            return;
        }
        fallbackBudget = nextFallbackBudget(
                fallbackBudget, sample.pressure(), config.targets().targetAt(now));
    }

    private double nextFallbackBudget(double current, double pressure, double target) {
        AimdSettings aimd = config.aimd();
        if (pressure > config.targets().hardCeiling()) {
            return Math.max(FALLBACK_FLOOR, current * aimd.decreaseFactor());
        }
        if (pressure > target) {
            return Math.max(FALLBACK_FLOOR, current * aimd.decreaseFactor());
        }
        return Math.min(current + aimd.additiveIncrease(), config.instanceCap());
    }

    @Override
    public synchronized AdmissionDecision decision() {
        var problem = LoadFreshness.problem(latest, clock.instant(), config.maxSampleAge());
        if (problem.isPresent()) {
            return AdmissionDecision.paused(problem.get());
        }
        Optional<BudgetReading> reading = latest.budget();
        if (reading.isEmpty()) {
            if (latest.pressure() > config.targets().hardCeiling()) {
                return AdmissionDecision.paused(PauseReason.HARD_CEILING);
            }
            return AdmissionDecision.budgeted(fallbackBudget, config.instanceCap());
        }
        BudgetReading r = reading.get();
        if (r.budget() <= 0) {
            return AdmissionDecision.paused(
                    r.holdingForBaseline() ? PauseReason.BASELINE_PROBE : PauseReason.HARD_CEILING);
        }
        double mine = Math.min(config.instanceCap(), r.budget() * shareNow());
        if (!(mine > 0)) {
            return AdmissionDecision.paused(PauseReason.NO_SHARE);
        }
        return AdmissionDecision.budgeted(mine, config.instanceCap());
    }

    private double shareNow() {
        double s = share.getAsDouble();
        return Double.isNaN(s) ? 0 : Math.max(0, Math.min(1, s));
    }

    @Override
    public synchronized AdmissionExplanation explain() {
        AdmissionDecision decision = decision();
        Instant now = clock.instant();
        List<Signal> signals = new ArrayList<>();
        double age = latest == null
                ? Double.NaN
                : Duration.between(latest.sampledAt(), now).toMillis() / 1000.0;
        double maxAge = config.maxSampleAge().toMillis() / 1000.0;
        signals.add(new Signal("sampleAge", age, maxAge, "s", latest == null || age > maxAge));
        if (latest == null
                || decision.pause()
                        .filter(p -> p != PauseReason.BASELINE_PROBE
                                && p != PauseReason.HARD_CEILING
                                && p != PauseReason.NO_SHARE)
                        .isPresent()) {
            return new AdmissionExplanation(
                    "paused", AdmissionExplanation.of(strategy(), decision).reason(), 0, signals);
        }
        Optional<BudgetReading> reading = latest.budget();
        if (reading.isEmpty()) {
            double target = config.targets().targetAt(now);
            signals.add(new Signal("pressure", latest.pressure(), target, "", latest.pressure() > target));
            signals.add(new Signal(
                    "hardCeiling",
                    latest.pressure(),
                    config.targets().hardCeiling(),
                    "",
                    latest.pressure() > config.targets().hardCeiling()));
            String reason = String.format(
                    Locale.ROOT,
                    "pressure %.2f vs target %.2f (own feed, no warehouse budget)",
                    latest.pressure(),
                    target);
            return new AdmissionExplanation(
                    decision.pauseConsumption() ? "paused" : "pressure", reason, decision.admittedBudget(), signals);
        }
        BudgetReading r = reading.get();
        signals.add(new Signal("latencyRatio", r.latencyRatio(), Double.NaN, "x", false));
        signals.add(new Signal("warehouseBudget", r.budget(), Double.NaN, "statement-s/s", r.budget() <= 0));
        signals.add(new Signal("share", shareNow(), Double.NaN, "", shareNow() <= 0));
        signals.add(new Signal(
                "instanceCap",
                decision.admittedBudget(),
                config.instanceCap(),
                "statement-s/s",
                r.budget() * shareNow() > config.instanceCap()));
        return new AdmissionExplanation(r.state(), r.reason(), decision.admittedBudget(), signals);
    }

    @Override
    public AdmissionStrategy strategy() {
        return AdmissionStrategy.ADAPTIVE;
    }
}
