package io.backfill.executor.sampler;

import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.load.CanaryBaseline;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.executor.domain.load.Pressure;
import io.backfill.executor.domain.load.PressureCalculator;
import io.backfill.executor.domain.load.RawLoadSignals;
import io.backfill.executor.messaging.LoadSampleMapping;
import io.backfill.messaging.EventPublisher;
import io.backfill.warehouse.FailureKind;
import io.backfill.warehouse.LoadSignals;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load sampler: every {@code interval} it reads one warehouse's raw load — active and waiting
 * queries and lock waits ({@code pg_stat_activity}, {@code pg_locks} via {@link Warehouse#loadSignals()}),
 * a canary query's latency against its learned {@link CanaryBaseline} (any warehouse), and host CPU /
 * IO wait where the warehouse is local — turns it into one pressure with the {@link PressureCalculator}
 * and writes a {@code LoadSample} to {@code warehouse-load} (key warehouseId; the sampler is its writer).
 *
 * <p><b>Fail safe:</b> when the warehouse cannot be reached (the canary fails) or no signal at all is
 * visible, it publishes nothing: executors then see their latest sample go stale and stop admitting,
 * rather than trusting a sample that only says "the host is idle".
 *
 * <p>It is a role of executor-service ({@code backfill.load-sampler.enabled=true}) rather than its own
 * service: it needs exactly the executor's warehouse configuration, warehouse layer and load domain
 * (pressure, canary baseline), so a separate deployable would duplicate all of it for ~100 lines. Run
 * it on one instance per warehouse (a second one is harmless: executors keep the newest sample).
 */
public final class LoadSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadSampler.class);

    private final LoadSamplerSettings settings;
    private final Warehouse warehouse;
    private final EventPublisher publisher;
    private final Clock clock;
    private final PressureCalculator calculator;
    private final CanaryBaseline baseline;
    private final HostCpu hostCpu;
    private final AtomicReference<Double> lastPressure = new AtomicReference<>(Double.NaN);
    private ScheduledExecutorService scheduler;
    private volatile DoubleSupplier admittedBudget;

    public LoadSampler(
            LoadSamplerSettings settings,
            Warehouse warehouse,
            EventPublisher publisher,
            Clock clock,
            MeterRegistry meters) {
        this.settings = settings;
        this.warehouse = warehouse;
        this.publisher = publisher;
        this.clock = clock;
        this.calculator = new PressureCalculator(settings.capacity());
        this.baseline = new CanaryBaseline(
                settings.baselineWindow(), settings.baselinePercentile(), settings.baselineMinSamples());
        this.hostCpu = settings.hostMetrics() ? HostCpu.proc() : null;
        Gauge.builder("backfill_load_sampler_pressure", lastPressure, AtomicReference::get)
                .description("Pressure of the latest sample this sampler published")
                .tag("warehouse", settings.warehouseId())
                .register(meters);
    }

    /**
     * Reports this instance's admitted work budget (statement-seconds per second) in every sample's
     * {@code admittedBudget}, so the planner's status and dashboard show it next to the pressure.
     */
    public LoadSampler reportAdmission(DoubleSupplier admittedBudget) {
        this.admittedBudget = admittedBudget;
        return this;
    }

    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("load-sampler-" + settings.warehouseId())
                .daemon()
                .unstarted(r));
        scheduler.scheduleWithFixedDelay(
                this::sampleQuietly, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Load sampler for warehouse {} samples every {}", settings.warehouseId(), settings.interval());
    }

    private void sampleQuietly() {
        try {
            sampleOnce().ifPresent(sample -> {
                io.backfill.events.LoadSample avro = LoadSampleMapping.toAvro(sample, settings.source());
                DoubleSupplier budget = admittedBudget;
                if (budget != null) {
                    avro.put("admittedBudget", budget.getAsDouble());
                }
                publisher.publishAndWait(Topics.WAREHOUSE_LOAD, sample.warehouseId(), avro);
            });
        } catch (RuntimeException e) {
            LOG.warn("Load sampler for warehouse {} could not publish: {}", settings.warehouseId(), e.getMessage());
        }
    }

    /**
     * The canary's own statement timeout: one sampling period (at least a second), so a slow warehouse
     * delays a sample by at most a period instead of the warehouse's statement timeout.
     */
    Duration canaryTimeout() {
        Duration interval = settings.interval();
        return interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval;
    }

    /** Takes one sample; empty when the warehouse could not be read (nothing should be published). */
    public Optional<LoadSample> sampleOnce() {
        RawLoadSignals signals = RawLoadSignals.none();
        try {
            Duration latency;
            boolean timedOut = false;
            try {
                latency = warehouse.canary(settings.canarySql(), canaryTimeout());
            } catch (WarehouseException e) {
                if (e.kind() != FailureKind.TIMEOUT) {
                    throw e;
                }
                // Slower than a sampling period: the warehouse is slow, which is news, not a reason to stall.
                // The timeout is a lower bound of the latency; it is reported, never learnt as a baseline.
                latency = canaryTimeout();
                timedOut = true;
            }
            signals = signals.withCanary(latency, baseline.current());
            if (!timedOut) {
                baseline.observe(latency); // after reading the baseline: a sample never judges itself
            }
            Optional<LoadSignals> raw = warehouse.loadSignals();
            if (raw.isPresent()) {
                signals = signals.withQueries(
                                raw.get().activeQueries(), raw.get().waitingQueries())
                        .withLockWaits(raw.get().lockWaits());
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Load sampler cannot read warehouse {}; publishing nothing, executors will see stale load: {}",
                    settings.warehouseId(),
                    e.getMessage());
            return Optional.empty();
        }
        if (hostCpu != null) {
            RawLoadSignals withoutHost = signals;
            signals = hostCpu.sample()
                    .map(r -> withoutHost.withHost(r.busy(), r.ioWait()))
                    .orElse(withoutHost);
        }
        Optional<Pressure> pressure = calculator.calculate(signals);
        if (pressure.isEmpty()) {
            LOG.warn("Load sampler sees no signal of warehouse {}; publishing nothing", settings.warehouseId());
            return Optional.empty();
        }
        lastPressure.set(pressure.get().value());
        LOG.debug(
                "Warehouse {} pressure {} (dominant {})",
                settings.warehouseId(),
                pressure.get().value(),
                pressure.get().dominant());
        return Optional.of(new LoadSample(
                settings.warehouseId(), clock.instant(), pressure.get().value(), signals));
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
