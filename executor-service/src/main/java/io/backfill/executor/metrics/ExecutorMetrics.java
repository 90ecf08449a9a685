package io.backfill.executor.metrics;

import io.backfill.executor.domain.admission.AdmissionDecision;
import io.backfill.executor.domain.admission.PartitionPacer;
import io.backfill.executor.domain.admission.PauseReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The executor's Prometheus metrics (exposed at {@code /q/metrics} by the Quarkus shell):
 *
 * <ul>
 *   <li>{@code backfill_executor_admitted_permits}: partitions the admission controller allows at once now;
 *   <li>{@code backfill_executor_admitted_budget}: the work budget admitted now, in statement-seconds per
 *       second ({@link AdmissionDecision#admittedBudget()}: the permits when not budget-paced, 0 while
 *       paused);
 *   <li>{@code backfill_executor_running_partitions}: partitions staging on this instance now;
 *   <li>{@code backfill_executor_pressure}: the latest warehouse pressure seen on {@code warehouse-load};
 *   <li>{@code backfill_executor_load_sample_age_seconds}: age of that sample (stale samples pause admission);
 *   <li>{@code backfill_executor_partitions_staged_total} and {@code _rows_staged_total}: counters, so
 *       {@code rate(...[1m])} gives partitions (rows) per second;
 *   <li>{@code backfill_executor_pauses_total{reason}}: times admission paused, by {@link PauseReason};
 *   <li>{@code backfill_executor_phase_duration_seconds{outcome}} and
 *       {@code backfill_executor_partition_duration_seconds}: timers.
 * </ul>
 *
 * A plain object over a {@link MeterRegistry} so integration tests can use a simple registry.
 */
public final class ExecutorMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<Double> pressure = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Instant> sampledAt = new AtomicReference<>();
    private final Counter partitions;
    private final Counter rows;
    private final Timer partitionDuration;

    public ExecutorMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.partitions = Counter.builder("backfill_executor_partitions_staged")
                .description("Partitions staged by this instance")
                .register(registry);
        this.rows = Counter.builder("backfill_executor_rows_staged")
                .description("Rows staged by this instance")
                .register(registry);
        this.partitionDuration = Timer.builder("backfill_executor_partition_duration")
                .description("Wall time of one partition's staging transaction")
                .register(registry);
        Gauge.builder("backfill_executor_pressure", pressure, AtomicReference::get)
                .description("Latest warehouse pressure seen on warehouse-load")
                .register(registry);
        Gauge.builder("backfill_executor_load_sample_age_seconds", this, ExecutorMetrics::sampleAgeSeconds)
                .description("Age of the latest load sample (NaN before the first)")
                .register(registry);
        for (PauseReason reason : PauseReason.values()) {
            pauseCounter(reason); // registered up front so dashboards see zeros, not gaps
        }
    }

    /** Gauges that read the pacer live. */
    public void watch(PartitionPacer pacer, Supplier<Integer> runningPhases) {
        Gauge.builder("backfill_executor_admitted_permits", pacer, p -> permits(p.decision()))
                .description("Partitions the admission controller allows at once now")
                .register(registry);
        Gauge.builder(
                        "backfill_executor_admitted_budget",
                        pacer,
                        p -> p.decision().admittedBudget())
                .description("Work budget admitted now, in statement-seconds per second (0 while paused)")
                .register(registry);
        Gauge.builder("backfill_executor_running_partitions", pacer, PartitionPacer::running)
                .description("Partitions staging on this instance now")
                .register(registry);
        Gauge.builder("backfill_executor_running_phases", runningPhases, s -> s.get())
                .description("Phases running on this instance now")
                .register(registry);
    }

    private static double permits(AdmissionDecision decision) {
        return decision.permits();
    }

    public void loadSampleSeen(double value, Instant at) {
        pressure.set(value);
        sampledAt.set(at);
    }

    private double sampleAgeSeconds() {
        Instant at = sampledAt.get();
        return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
    }

    public void paused(PauseReason reason) {
        pauseCounter(reason).increment();
    }

    private Counter pauseCounter(PauseReason reason) {
        return Counter.builder("backfill_executor_pauses")
                .description("Times admission paused consumption, by reason")
                .tag("reason", reason.name())
                .register(registry);
    }

    public void partitionStaged(long rowCount, Duration took) {
        partitions.increment();
        rows.increment(rowCount);
        partitionDuration.record(took);
    }

    public void phaseFinished(String outcome, Duration took) {
        Timer.builder("backfill_executor_phase_duration")
                .description("Wall time of a phase run on this instance, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }
}
