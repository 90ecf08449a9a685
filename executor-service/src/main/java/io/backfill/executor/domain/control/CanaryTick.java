package io.backfill.executor.domain.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One canary run and what the coordinator itself was running on the warehouse at that moment.
 *
 * @param at when the canary finished
 * @param latency how long the canary took (for a timed-out canary: its timeout, a lower bound)
 * @param timedOut the canary was cut at its timeout; its latency is not learnt as a baseline
 * @param coordinatorStatements the coordinator's own statements running then (tagged sessions), or
 *     empty where the warehouse cannot tell
 * @param oldestStatementSeconds how long the oldest of them had been running (0 when none)
 * @param foregroundQueries users' sessions running a query then or within the last second (every
 *     session but the coordinator's), empty where the warehouse cannot tell
 */
public record CanaryTick(
        Instant at,
        Duration latency,
        boolean timedOut,
        OptionalInt coordinatorStatements,
        double oldestStatementSeconds,
        OptionalInt foregroundQueries) {

    /** A tick of a warehouse that cannot say what users run. */
    public CanaryTick(
            Instant at,
            Duration latency,
            boolean timedOut,
            OptionalInt coordinatorStatements,
            double oldestStatementSeconds) {
        this(at, latency, timedOut, coordinatorStatements, oldestStatementSeconds, OptionalInt.empty());
    }

    public CanaryTick {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(coordinatorStatements, "coordinatorStatements");
        Objects.requireNonNull(foregroundQueries, "foregroundQueries");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
    }

    /** True when it is known that no user query ran at this tick. */
    boolean noForeground() {
        return foregroundQueries.isPresent() && foregroundQueries.getAsInt() == 0;
    }

    /** True when the coordinator ran nothing on the warehouse at this tick. */
    boolean quiet() {
        return coordinatorStatements.isPresent() && coordinatorStatements.getAsInt() == 0;
    }
}
