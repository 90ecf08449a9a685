package io.backfill.benchmark;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the foreground's arrival rate moves over a scenario: {@code steady} (one rate throughout),
 * {@code bursty} (busy and quiet periods alternating, starting busy at the scenario's start, so every
 * scenario of a block sees the same phase of the cycle) or {@code idle} (no foreground at all, the
 * warehouse is the backfill's alone).
 *
 * @param busyRate queries per second while busy (the whole time for steady)
 * @param quietRate queries per second while quiet (bursty only)
 * @param busy length of a busy period; {@link Duration#ZERO} for steady and idle
 * @param quiet length of a quiet period; {@link Duration#ZERO} for steady and idle
 */
record LoadProfile(String name, double busyRate, double quietRate, Duration busy, Duration quiet) {

    LoadProfile {
        Objects.requireNonNull(name, "name");
        if (!(busyRate >= 0) || !(quietRate >= 0)) {
            throw new IllegalArgumentException("rates must not be negative");
        }
    }

    static LoadProfile steady(double rate) {
        return new LoadProfile("steady", rate, rate, Duration.ZERO, Duration.ZERO);
    }

    static LoadProfile bursty(double busyRate, double quietRate, Duration busy, Duration quiet) {
        if (busy.isZero() || quiet.isZero()) {
            throw new IllegalArgumentException("bursty needs busy and quiet periods");
        }
        return new LoadProfile("bursty", busyRate, quietRate, busy, quiet);
    }

    static LoadProfile idle() {
        return new LoadProfile("idle", 0, 0, Duration.ZERO, Duration.ZERO);
    }

    boolean hasForeground() {
        return busyRate > 0 || quietRate > 0;
    }

    boolean cycles() {
        return !busy.isZero();
    }

    /** True while the profile is in a busy period at {@code offsetNanos} after its start (always for steady). */
    boolean busyAt(long offsetNanos) {
        if (!cycles()) {
            return true;
        }
        long period = busy.toNanos() + quiet.toNanos();
        long inCycle = Math.floorMod(offsetNanos, period);
        return inCycle < busy.toNanos();
    }

    /** Queries per second at {@code offsetNanos} after the start. */
    double rateAt(long offsetNanos) {
        return busyAt(offsetNanos) ? busyRate : quietRate;
    }

    double maxRate() {
        return Math.max(busyRate, quietRate);
    }

    String describe() {
        if (!hasForeground()) {
            return "idle: no foreground queries";
        }
        if (!cycles()) {
            return String.format(Locale.ROOT, "steady: Poisson arrivals at %.0f queries/s", busyRate);
        }
        return String.format(
                Locale.ROOT,
                "bursty: Poisson arrivals at %.0f queries/s for %d s, then %.0f queries/s for %d s, repeating",
                busyRate,
                busy.toSeconds(),
                quietRate,
                quiet.toSeconds());
    }
}
