package io.backfill.planner.domain.projection;

import java.time.Instant;
import java.util.Objects;

/**
 * One sample of a warehouse's load as the planner keeps it (from {@code LoadSample} on
 * {@code warehouse-load}).
 *
 * @param at when the sample was taken
 * @param pressure normalised load, 0 idle, 1 at capacity
 * @param latencyRatio canary latency / canary baseline, null when the sample has no canary
 * @param budget the admitted work budget in statement-seconds per second, null when the producer did not say
 * @param throttleReason what limited admission when the sample was taken, in words, null when the producer did
 *     not say
 */
public record LoadReading(Instant at, double pressure, Double latencyRatio, Double budget, String throttleReason) {

    public LoadReading {
        Objects.requireNonNull(at, "at");
    }

    /** A reading whose producer gave no throttle reason. */
    public LoadReading(Instant at, double pressure, Double latencyRatio, Double budget) {
        this(at, pressure, latencyRatio, budget, null);
    }
}
