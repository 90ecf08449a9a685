package io.backfill.executor.domain.load;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one warehouse's load was at one moment: the normalised {@code pressure} the admission
 * controllers act on, and the raw signals it was computed from (kept for logs and dashboards).
 *
 * <p>Pressure reads 0 for idle, 1 for "one resource is saturated", and may exceed 1 when a resource
 * is over-subscribed (more waiting queries than tolerated, canary far slower than normal). It is
 * the domain twin of the {@code warehouse-load} topic's {@code LoadSample} record; samples from a
 * user's own monitor may carry a pressure with {@link RawLoadSignals#none()}. Samples of the
 * coordinator's own sampler also carry the warehouse {@link BudgetReading budget} its controller
 * decided, which {@code adaptive} executors share.
 */
public record LoadSample(
        String warehouseId,
        Instant sampledAt,
        double pressure,
        RawLoadSignals signals,
        Optional<BudgetReading> budget) {

    /** A sample without a controller's budget (a user's own feed, or the pressure alone). */
    public LoadSample(String warehouseId, Instant sampledAt, double pressure, RawLoadSignals signals) {
        this(warehouseId, sampledAt, pressure, signals, Optional.empty());
    }

    public LoadSample {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(warehouseId, "warehouseId");
        Objects.requireNonNull(sampledAt, "sampledAt");
        Objects.requireNonNull(signals, "signals");
        if (warehouseId.isBlank()) {
            throw new IllegalArgumentException("warehouseId must not be blank");
        }
        if (!(pressure >= 0) || Double.isInfinite(pressure)) {
            throw new IllegalArgumentException("pressure must be a finite number >= 0: " + pressure);
        }
    }

    /** A sample that carries only a pressure, as a user's own load feed may send. */
    public static LoadSample of(String warehouseId, Instant sampledAt, double pressure) {
        return new LoadSample(warehouseId, sampledAt, pressure, RawLoadSignals.none());
    }
}
