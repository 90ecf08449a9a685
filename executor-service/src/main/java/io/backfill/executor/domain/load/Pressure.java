package io.backfill.executor.domain.load;

import java.util.Objects;

/**
 * A normalised pressure and the signal that set it, so a pause can be logged as "lock waits at 1.4"
 * rather than a bare number.
 */
public record Pressure(double value, LoadSignal dominant) {

    public Pressure {
        Objects.requireNonNull(dominant, "dominant");
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("pressure must be a finite number >= 0: " + value);
        }
    }
}
