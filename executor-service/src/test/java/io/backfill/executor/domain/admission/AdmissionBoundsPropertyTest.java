package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.admission.PartitionPacer.Permit;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Over random load traces (pressures from idle to far over the ceiling, irregular gaps long enough
 * to go stale, late and out-of-order samples) and random caps, no strategy ever admits more than the
 * instance cap or the phase budget, and the pacer never starts a partition beyond them.
 */
class AdmissionBoundsPropertyTest {

    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    /** One trace step: let {@code gapMillis} pass, then maybe deliver a sample stamped {@code lagMillis} ago. */
    record Step(long gapMillis, boolean delivers, double pressure, long lagMillis, int action) {}

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, 60_000),
                        Arbitraries.of(true, true, true, false),
                        Arbitraries.doubles().between(0, 2.5),
                        Arbitraries.longs().between(0, 45_000),
                        Arbitraries.integers().between(0, 3))
                .as(Step::new);
    }

    @Property(tries = 300)
    void neverAdmitsBeyondTheInstanceCapOrThePhaseBudget(
            @ForAll AdmissionStrategy strategy,
            @ForAll @IntRange(min = 1, max = 16) int instanceCap,
            @ForAll @IntRange(min = 1, max = 20) int budgetConcurrency,
            @ForAll @IntRange(min = 1, max = 50) int budgetPerSecond,
            @ForAll @Size(max = 80) List<@From("steps") Step> trace) {
        var clock = new MutableClock(START);
        var config = AdmissionConfig.defaults()
                .withStrategy(strategy)
                .withInstanceCap(instanceCap)
                .withStaticBudget(Math.max(0.25, instanceCap / 2.0));
        var controller = AdmissionControllers.create(config, clock);
        var budget = new PhaseBudget(budgetConcurrency, budgetPerSecond);

        for (Step step : trace) {
            clock.advance(Duration.ofMillis(step.gapMillis()));
            if (step.delivers()) {
                controller.onLoadSample(
                        LoadSample.of("wh", clock.instant().minusMillis(step.lagMillis()), step.pressure()));
            }
            AdmissionDecision instance = controller.decision();
            AdmissionDecision phase = controller.decision(budget);

            assertThat(instance.permits()).isBetween(0, instanceCap);
            assertThat(phase.permits()).isBetween(0, Math.min(instanceCap, budgetConcurrency));
            if (instance.pauseConsumption()) {
                assertThat(instance.permits()).isZero();
                assertThat(phase.pause()).isEqualTo(instance.pause());
            } else {
                assertThat(phase.minStartSpacing()).isGreaterThanOrEqualTo(budget.minStartSpacing());
            }
        }
    }

    @Property(tries = 200)
    void adaptiveAdmitsNothingWhileItsLatestSampleIsMissingStaleOrOverTheCeiling(
            @ForAll @Size(max = 80) List<@From("steps") Step> trace) {
        var clock = new MutableClock(START);
        var config = AdmissionConfig.defaults();
        var controller = new AdaptiveAdmissionController(config, clock);
        LoadSample latest = null;

        for (Step step : trace) {
            clock.advance(Duration.ofMillis(step.gapMillis()));
            if (step.delivers()) {
                var sample = LoadSample.of("wh", clock.instant().minusMillis(step.lagMillis()), step.pressure());
                controller.onLoadSample(sample);
                if (latest == null || sample.sampledAt().isAfter(latest.sampledAt())) {
                    latest = sample;
                }
            }
            AdmissionDecision decision = controller.decision();

            boolean unsafe = latest == null
                    || Duration.between(latest.sampledAt(), clock.instant()).compareTo(config.maxSampleAge()) > 0
                    || latest.pressure() > config.targets().hardCeiling();
            if (unsafe) {
                assertThat(decision.permits()).isZero();
                assertThat(decision.pauseConsumption()).isTrue();
            }
        }
    }

    @Property(tries = 200)
    void thePacerNeverStartsAPartitionBeyondTheCurrentLimits(
            @ForAll AdmissionStrategy strategy,
            @ForAll @IntRange(min = 1, max = 12) int instanceCap,
            @ForAll @IntRange(min = 1, max = 6) int budgetConcurrency,
            @ForAll @Size(max = 120) List<@From("steps") Step> trace) {
        var clock = new MutableClock(START);
        var config = AdmissionConfig.defaults().withStrategy(strategy).withInstanceCap(instanceCap);
        var controller = AdmissionControllers.create(config, clock);
        var pacer = new PartitionPacer(controller, clock, new ScriptedWaiter(clock));
        var budget = new PhaseBudget(budgetConcurrency, Double.POSITIVE_INFINITY);
        List<PartitionPacer.Lane> lanes = List.of(pacer.lane(budget), pacer.lane(budget));
        List<Permit> held = new ArrayList<>();

        for (Step step : trace) {
            clock.advance(Duration.ofMillis(step.gapMillis() / 10));
            if (step.delivers()) {
                pacer.onLoadSample(LoadSample.of("wh", clock.instant(), step.pressure()));
            }
            if (step.action() == 0 && !held.isEmpty()) {
                held.remove(0).close();
                continue;
            }
            var lane = lanes.get(step.action() % 2);
            int runningBefore = pacer.running();
            var permit = lane.tryAcquire();
            if (permit.isPresent()) {
                held.add(permit.get());
                assertThat(runningBefore).isLessThan(controller.decision().permits());
                assertThat(pacer.running()).isLessThanOrEqualTo(instanceCap);
                assertThat(lane.running()).isLessThanOrEqualTo(budgetConcurrency);
            }
        }
    }
}
