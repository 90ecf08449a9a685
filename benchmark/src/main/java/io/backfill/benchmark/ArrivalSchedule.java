package io.backfill.benchmark;

import java.util.random.RandomGenerator;

/**
 * The intended start times of an open-loop foreground: a Poisson process whose rate follows a
 * {@link LoadProfile}. A rate that changes over time is drawn by thinning (candidates at the
 * profile's highest rate, each kept with probability rate(t) / max rate), which is exact for a
 * piecewise-constant rate. The schedule never looks at how long queries take: arrivals keep coming
 * when the warehouse is slow, which is what users do and what a closed-loop client hides.
 */
final class ArrivalSchedule {

    private final LoadProfile profile;
    private final RandomGenerator random;
    private long nextNanos;

    ArrivalSchedule(LoadProfile profile, RandomGenerator random) {
        this.profile = profile;
        this.random = random;
    }

    /**
     * The next intended start, in nanoseconds after the schedule's start; {@link Long#MAX_VALUE} when
     * the profile has no foreground.
     */
    long next() {
        double max = profile.maxRate();
        if (max <= 0) {
            return Long.MAX_VALUE;
        }
        while (true) {
            // Exponential inter-arrival time at the highest rate.
            double gapSeconds = -Math.log(1.0 - random.nextDouble()) / max;
            nextNanos += (long) (gapSeconds * 1e9);
            if (random.nextDouble() * max < profile.rateAt(nextNanos)) {
                return nextNanos;
            }
        }
    }
}
