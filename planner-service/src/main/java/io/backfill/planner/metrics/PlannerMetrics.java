package io.backfill.planner.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-backfill gauges for Prometheus: {@code backfill_phases_planned}, {@code backfill_phases_released}
 * (releases so far, retries included), {@code backfill_phases_in_flight} and
 * {@code backfill_projected_lateness_seconds} (how far the projected finish lies past the deadline; 0
 * when on time) and {@code backfill_compute_seconds} (compute reported so far, every attempt: what the
 * budget is charged), each tagged {@code backfill}. The planner thread writes the values, the scrape reads
 * them; gauges are registered when a backfill is first seen.
 */
public final class PlannerMetrics {

    private static final class Values {
        volatile double planned;
        volatile double released;
        volatile double inFlight;
        volatile double lateness;
        volatile double compute;
    }

    private final MeterRegistry registry;
    private final Map<String, Values> values = new ConcurrentHashMap<>();

    public PlannerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void update(String backfillId, int planned, int released, int inFlight, double latenessSeconds) {
        Values v = values.computeIfAbsent(backfillId, this::register);
        v.planned = planned;
        v.released = released;
        v.inFlight = inFlight;
        v.lateness = latenessSeconds;
    }

    /** Compute seconds reported for the backfill so far, every attempt included. */
    public void updateCompute(String backfillId, double computeSeconds) {
        values.computeIfAbsent(backfillId, this::register).compute = computeSeconds;
    }

    private Values register(String backfillId) {
        Values v = new Values();
        Gauge.builder("backfill_phases_planned", v, x -> x.planned)
                .description("Phases the backfill was split into")
                .tag("backfill", backfillId)
                .register(registry);
        Gauge.builder("backfill_phases_released", v, x -> x.released)
                .description("Phases released to executors so far, retries included")
                .tag("backfill", backfillId)
                .register(registry);
        Gauge.builder("backfill_phases_in_flight", v, x -> x.inFlight)
                .description("Phases released and not finished")
                .tag("backfill", backfillId)
                .register(registry);
        Gauge.builder("backfill_projected_lateness_seconds", v, x -> x.lateness)
                .description("Projected finish minus deadline, when positive")
                .tag("backfill", backfillId)
                .register(registry);
        Gauge.builder("backfill_compute_seconds", v, x -> x.compute)
                .description("Warehouse compute seconds reported so far, every attempt (charged to the budget)")
                .tag("backfill", backfillId)
                .register(registry);
        return v;
    }
}
