package io.backfill.executor.sampler;

import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.admission.OperatorControls;
import io.backfill.executor.domain.control.BudgetVerdict;
import io.backfill.executor.domain.control.CanaryTick;
import io.backfill.executor.domain.control.WarehouseBudgetController;
import io.backfill.executor.domain.load.BudgetReading;
import io.backfill.executor.domain.load.CanaryBaseline;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.executor.domain.load.Pressure;
import io.backfill.executor.domain.load.PressureCalculator;
import io.backfill.executor.domain.load.RawLoadSignals;
import io.backfill.executor.messaging.LoadSampleMapping;
import io.backfill.messaging.EventPublisher;
import io.backfill.warehouse.FailureKind;
import io.backfill.warehouse.LoadSignals;
import io.backfill.warehouse.SamplerLease;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load sampler and, with it, the one budget controller of its warehouse. Every canary period
 * ({@code interval / canariesPerSample}) it runs the canary and reads which of the coordinator's own
 * statements run ({@link io.backfill.warehouse.LoadSignals#coordinatorStatements()}), feeding both to
 * the {@link WarehouseBudgetController}; every {@code interval} it publishes a sample carrying the
 * controller's warehouse budget, the latency ratio and the throttle reason, which the executors of the
 * warehouse share ({@code adaptive} strategy). It also reads the warehouse's raw load — active and waiting
 * queries and lock waits ({@code pg_stat_activity}, {@code pg_locks} via {@link Warehouse#loadSignals()}),
 * a canary query's latency against its learned {@link CanaryBaseline} (any warehouse), and host CPU /
 * IO wait where the warehouse is local — turns it into one pressure with the {@link PressureCalculator}
 * and writes a {@code LoadSample} to {@code warehouse-load} (key warehouseId; the sampler is its writer).
 *
 * <p><b>Fail safe:</b> when the warehouse cannot be reached (the canary fails) or no signal at all is
 * visible, it publishes nothing: executors then see their latest sample go stale and stop admitting,
 * rather than trusting a sample that only says "the host is idle".
 *
 * <p><b>One per warehouse:</b> before sampling it takes the warehouse's sampler lease
 * ({@link Warehouse#tryLeadSampling}: a PostgreSQL session advisory lock). A second sampler of the same
 * warehouse stays on standby, publishing nothing, and takes over when the holder's session ends: two
 * samplers would mix two baselines and publish two budgets.
 *
 * <p>It is a role of executor-service ({@code backfill.load-sampler.enabled=true}) rather than its own
 * service: it needs exactly the executor's warehouse configuration, warehouse layer and load domain
 * (pressure, canary baseline), so a separate deployable would duplicate all of it for ~100 lines. Run
 * it on one or more instances per warehouse: one is elected, the others wait.
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
    private final WarehouseBudgetController controller;
    private ScheduledExecutorService scheduler;
    private volatile DoubleSupplier admittedBudget;
    private volatile BudgetVerdict lastVerdict;
    private SamplerLease lease;
    private Instant lastLeaseAttempt;
    private RawLoadSignals lastSignals = RawLoadSignals.none();
    private int ticksSincePublish;
    private volatile Supplier<OperatorControls.Settings> overrides = () -> OperatorControls.Settings.NONE;
    private OperatorControls.Settings applied = OperatorControls.Settings.NONE;

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
        this.controller = new WarehouseBudgetController(settings.controller(), settings.peakWindows()::contains);
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

    /**
     * Where the operators' runtime overrides of the controller's settings come from (the executor's
     * {@code admission-control} feed); read at every sample.
     */
    public LoadSampler overrides(Supplier<OperatorControls.Settings> source) {
        this.overrides = source;
        return this;
    }

    private void applyOverrides() {
        OperatorControls.Settings wanted = overrides.get();
        if (wanted == null || wanted.equals(applied)) {
            return;
        }
        try {
            controller.retune(
                    settings.controller(),
                    wanted.targetLatencyRatio(),
                    wanted.peakTargetLatencyRatio(),
                    wanted.maxBudget(),
                    wanted.hardCeilingRatio());
            LOG.info(
                    "Load sampler for warehouse {} applies the operators' settings {}", settings.warehouseId(), wanted);
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "Load sampler for warehouse {} ignores the operators' settings {}: {}",
                    settings.warehouseId(),
                    wanted,
                    e.getMessage());
        }
        applied = wanted;
    }

    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("load-sampler-" + settings.warehouseId())
                .daemon()
                .unstarted(r));
        scheduler.scheduleAtFixedRate(
                this::tickQuietly, 0, settings.canaryPeriod().toNanos(), TimeUnit.NANOSECONDS);
        LOG.info(
                "Load sampler for warehouse {} samples every {} with {} canaries per sample",
                settings.warehouseId(),
                settings.interval(),
                settings.canariesPerSample());
    }

    /** One canary period: a canary and the activity view; every {@code canariesPerSample}-th also publishes. */
    private void tickQuietly() {
        try {
            if (!leading()) {
                return;
            }
            if (!tick()) {
                return; // the warehouse could not be read: nothing to publish, executors see the feed go stale
            }
            if (++ticksSincePublish < settings.canariesPerSample()) {
                return;
            }
            ticksSincePublish = 0;
            publish(sample());
        } catch (RuntimeException e) {
            LOG.warn("Load sampler for warehouse {} failed a tick: {}", settings.warehouseId(), e.getMessage());
        }
    }

    /**
     * True while this sampler holds its warehouse's lease; tries to take it at most once per interval.
     * Losing it (the lease's session died) drops back to standby.
     */
    private boolean leading() {
        if (lease != null && lease.held()) {
            return true;
        }
        if (lease != null) {
            LOG.warn("Load sampler for warehouse {} lost its lease; standing by", settings.warehouseId());
            lease.close();
            lease = null;
        }
        Instant now = clock.instant();
        if (lastLeaseAttempt != null && now.isBefore(lastLeaseAttempt.plus(settings.interval()))) {
            return false;
        }
        lastLeaseAttempt = now;
        try {
            lease = warehouse.tryLeadSampling(settings.warehouseId()).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("Load sampler for warehouse {} cannot take its lease: {}", settings.warehouseId(), e.getMessage());
            return false;
        }
        if (lease == null) {
            LOG.info(
                    "Another load sampler leads warehouse {}; this one ({}) stands by",
                    settings.warehouseId(),
                    settings.source());
            return false;
        }
        LOG.info("Load sampler {} leads warehouse {}", settings.source(), settings.warehouseId());
        return true;
    }

    /** True when this sampler holds its warehouse's lease now. */
    public boolean isLeader() {
        return lease != null && lease.held();
    }

    private void publish(Optional<LoadSample> built) {
        try {
            built.ifPresent(sample -> {
                io.backfill.events.LoadSample avro = LoadSampleMapping.toAvro(sample, settings.source());
                DoubleSupplier budget = admittedBudget;
                if (sample.budget().isPresent()) {
                    avro.put("admittedBudget", sample.budget().get().budget()); // the whole warehouse's
                } else if (budget != null) {
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

    /**
     * Takes one sample now: one canary tick, then the sample with the controller's decision; empty
     * when the warehouse could not be read (nothing should be published). Tests call it directly;
     * the running sampler ticks {@code canariesPerSample} times per sample.
     */
    public Optional<LoadSample> sampleOnce() {
        return tick() ? sample() : Optional.empty();
    }

    /** The controller's last verdict, or null before the first sample. */
    public BudgetVerdict lastVerdict() {
        return lastVerdict;
    }

    /** One canary and the activity view, fed to the controller and the pressure; false when unreadable. */
    private boolean tick() {
        RawLoadSignals signals = RawLoadSignals.none();
        Duration latency;
        boolean timedOut = false;
        OptionalInt coordinator = OptionalInt.empty();
        OptionalInt foreground = OptionalInt.empty();
        double oldest = 0;
        try {
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
                coordinator = raw.get().coordinatorStatements();
                oldest = raw.get().oldestCoordinatorSeconds();
                foreground = raw.get().recentUserSessions();
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Load sampler cannot read warehouse {}; publishing nothing, executors will see stale load: {}",
                    settings.warehouseId(),
                    e.getMessage());
            return false;
        }
        controller.onCanary(new CanaryTick(clock.instant(), latency, timedOut, coordinator, oldest, foreground));
        lastSignals = signals;
        return true;
    }

    private Optional<LoadSample> sample() {
        RawLoadSignals signals = lastSignals;
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
        Instant now = clock.instant();
        applyOverrides();
        BudgetVerdict verdict = controller.decide(now);
        lastVerdict = verdict;
        lastPressure.set(pressure.get().value());
        LOG.debug(
                "Warehouse {} pressure {} (dominant {}), budget {} ({})",
                settings.warehouseId(),
                pressure.get().value(),
                pressure.get().dominant(),
                verdict.budget(),
                verdict.reason());
        return Optional.of(new LoadSample(
                settings.warehouseId(),
                now,
                pressure.get().value(),
                signals,
                Optional.of(new BudgetReading(
                        verdict.budget(), verdict.ratio(), verdict.used(), verdict.state(), verdict.reason()))));
    }

    @Override
    public synchronized void close() {
        // Stop sampling before giving the lease up: a successor must not meet a last sample of ours.
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lease != null) {
            lease.close();
        }
    }
}
