package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a scripted load trace into a controller: each step moves the test clock by the sampling
 * period, delivers a sample stamped with that instant, and records the decision that follows.
 */
final class LoadTrace {

    static final String WAREHOUSE = "wh-1";
    static final Duration PERIOD = Duration.ofSeconds(5);

    private final MutableClock clock;
    private final AdmissionController controller;

    LoadTrace(MutableClock clock, AdmissionController controller) {
        this.clock = clock;
        this.controller = controller;
    }

    /** Delivers one fresh sample per pressure, one period apart; returns the permits after each. */
    List<Integer> play(double... pressures) {
        List<Integer> permits = new ArrayList<>();
        for (double pressure : pressures) {
            permits.add(sample(pressure).permits());
        }
        return permits;
    }

    /** Delivers one fresh sample and returns the decision right after it. */
    AdmissionDecision sample(double pressure) {
        clock.advance(PERIOD);
        controller.onLoadSample(LoadSample.of(WAREHOUSE, clock.instant(), pressure));
        return controller.decision();
    }

    static double[] repeat(double pressure, int times) {
        double[] values = new double[times];
        java.util.Arrays.fill(values, pressure);
        return values;
    }
}
