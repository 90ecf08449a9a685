package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The default strategy: an AIMD (additive increase, multiplicative decrease) concurrency limit
 * driven by warehouse pressure. It decides how many partitions this instance may run, once per
 * fresh load sample:
 *
 * <ul>
 *   <li>pressure at or below the target in force (peak or off-peak, see {@link LoadTargets}): the
 *       limit grows by {@code additiveIncrease}, up to the instance cap;
 *   <li>pressure above the target: the limit is multiplied by {@code decreaseFactor} (it never
 *       drops below 1 this way, unless it was already below 1 after a ceiling breach);
 *   <li>pressure above the hard ceiling: the limit drops to 0 and the decision says pause with
 *       {@link PauseReason#HARD_CEILING}; after the breach the limit climbs back from 0, one
 *       {@code additiveIncrease} per calm sample (a slow start, so the warehouse is not hit by the
 *       whole previous concurrency at once);
 *   <li>no sample yet, or a sample older than {@code maxSampleAge}: admit nothing and pause with
 *       {@link PauseReason#NO_LOAD_SAMPLE} / {@link PauseReason#STALE_LOAD_SAMPLE}. The limit
 *       itself is kept, so a sampler hiccup does not restart the ramp.
 * </ul>
 *
 * <p><b>Why AIMD rather than a gradient limiter:</b> a gradient limiter (Netflix
 * concurrency-limits' Gradient2, Vegas) infers congestion from the latency of the limiter's own
 * requests. Our signal is different: one external pressure for the whole warehouse, shared by
 * every executor instance and compared with an explicit target. AIMD is the scheme known to make
 * independent controllers sharing one congestion signal converge to an equal share (Chiu and
 * Jain, 1989), which is exactly our situation with N executors on one warehouse, and it needs no
 * latency baseline of the backfill's own statements, whose duration depends on partition size,
 * not on load. Its cost is a bounded sawtooth around the target, stated and tested in
 * {@code AdaptiveAdmissionControllerTest}.
 *
 * <p>Steps happen per sample, not per decision, so the ramp speed is set by the sampler's cadence
 * and asking for decisions more often changes nothing. Samples not newer than the last one
 * (redelivered or out of order) are ignored, and a sample already stale on arrival is kept as the
 * latest (for the pause reason) but does not move the limit.
 */
public final class AdaptiveAdmissionController implements AdmissionController {

    private final AdmissionConfig config;
    private final Clock clock;
    private double limit;
    private LoadSample latest;

    public AdaptiveAdmissionController(AdmissionConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limit = Math.min(config.aimd().initialLimit(), config.instanceCap());
    }

    @Override
    public synchronized void onLoadSample(LoadSample sample) {
        Objects.requireNonNull(sample, "sample");
        if (latest != null && !sample.sampledAt().isAfter(latest.sampledAt())) {
            return;
        }
        latest = sample;
        Instant now = clock.instant();
        if (LoadFreshness.isStale(sample, now, config.maxSampleAge())) {
            return;
        }
        limit = nextLimit(limit, sample.pressure(), config.targets().targetAt(now));
    }

    private double nextLimit(double current, double pressure, double target) {
        AimdSettings aimd = config.aimd();
        if (pressure > config.targets().hardCeiling()) {
            return 0;
        }
        if (pressure > target) {
            return Math.max(current * aimd.decreaseFactor(), Math.min(current, 1));
        }
        return Math.min(current + aimd.additiveIncrease(), config.instanceCap());
    }

    @Override
    public synchronized AdmissionDecision decision() {
        var problem = LoadFreshness.problem(latest, clock.instant(), config.maxSampleAge());
        if (problem.isPresent()) {
            return AdmissionDecision.paused(problem.get());
        }
        if (latest.pressure() > config.targets().hardCeiling()) {
            return AdmissionDecision.paused(PauseReason.HARD_CEILING);
        }
        return AdmissionDecision.admit((int) Math.floor(limit), config.minStartSpacing());
    }

    @Override
    public AdmissionStrategy strategy() {
        return AdmissionStrategy.ADAPTIVE;
    }
}
