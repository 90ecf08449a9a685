package io.backfill.executor.messaging;

import io.backfill.executor.domain.admission.AdmissionControllers;
import io.backfill.executor.domain.admission.AdmissionDecision;
import io.backfill.executor.domain.admission.AdmissionExplanation;
import io.backfill.executor.domain.admission.CommandPausableController;
import io.backfill.executor.domain.admission.OperatorControls;
import io.backfill.executor.domain.admission.OperatorThrottledController;
import io.backfill.executor.domain.admission.PartitionPacer;
import io.backfill.executor.domain.admission.Waiter;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.executor.execution.ExecutionEngine;
import io.backfill.executor.execution.RunningPhases;
import io.backfill.executor.metrics.ExecutorMetrics;
import io.backfill.messaging.DeadLetters;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One executor instance as a plain Java object graph: reads {@code backfill-phases} (shared consumer
 * group) and {@code warehouse-load} (this warehouse's samples), stages phases through the warehouse
 * layer, carries out planner commands, and writes {@code phase-progress} (and poison records to
 * {@code backfill-phases-dlq}). The Quarkus bean only builds and closes it; tests run several in one
 * JVM.
 *
 * <pre>
 * warehouse-load ─► LoadFeed ─► AdmissionController ─► PartitionPacer ◄─ PhaseRunner (per partition permit)
 * admission-control ─► OperatorControlFeed ─► OperatorControls ─┴► OperatorThrottledController, PhaseRunner
 * backfill-phases ─► PhaseConsumer ─► ExecutionEngine ─► PhaseRunner / CommandRunner ─► Warehouse
 *                   (by key: PartitionLedger)            └► KafkaProgressSink ─► phase-progress
 * </pre>
 *
 * The consumer dispatches each phase on its own (records of one key in order, different keys at once),
 * so ABORT / PAUSE / RESUME reach a running phase at once and publish, discard and rollback
 * instructions never wait behind admission or behind another phase.
 */
public final class ExecutorNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorNode.class);

    private final ExecutorSettings settings;
    private final KafkaSettings kafka;
    private final Warehouse warehouse;
    private final Clock clock;
    private final ExecutorMetrics metrics;
    private final CommandPausableController controller;
    private final OperatorControls operatorControls;
    private final OperatorThrottledController throttled;
    private final PartitionPacer pacer;
    private EventPublisher publisher;
    private ExecutionEngine engine;
    private LoadFeed loadFeed;
    private OperatorControlFeed controlFeed;
    private volatile PhaseConsumer consumer;

    public ExecutorNode(
            ExecutorSettings settings, KafkaSettings kafka, Warehouse warehouse, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.kafka = kafka;
        this.warehouse = warehouse;
        this.clock = clock;
        this.metrics = new ExecutorMetrics(meters, clock);
        // The share is read lazily: the consumer that knows the group exists only after start().
        this.controller = AdmissionControllers.create(settings.admission(), clock, this::shareOfGroup);
        this.operatorControls = new OperatorControls(clock);
        this.throttled = new OperatorThrottledController(controller, operatorControls);
        this.pacer = new PartitionPacer(throttled, clock, Waiter.blocking());
    }

    public synchronized void start() {
        publisher = new EventPublisher(kafka);
        KafkaProgressSink progress = new KafkaProgressSink(publisher, settings.executorId(), clock);
        engine = new ExecutionEngine(warehouse, pacer, progress, metrics, clock, operatorControls);
        metrics.watch(pacer, () -> engine.running().size());
        loadFeed = new LoadFeed(kafka, settings.warehouseId(), this::onLoadSample, clock);
        loadFeed.start();
        controlFeed = new OperatorControlFeed(kafka, settings.warehouseId(), operatorControls, pacer::decisionChanged);
        controlFeed.start();
        consumer = new PhaseConsumer(
                kafka,
                settings.groupId(),
                settings.warehouseId(),
                settings.consumer(),
                engine,
                progress,
                new DeadLetters(publisher, settings.groupId()),
                pacer::decision,
                metrics::paused,
                clock);
        consumer.start();
        LOG.info(
                "Executor {} started: group {}, warehouse {}, admission {}",
                settings.executorId(),
                settings.groupId(),
                settings.warehouseId(),
                settings.admission().strategy().configName());
    }

    private void onLoadSample(LoadSample sample) {
        metrics.loadSampleSeen(sample.pressure(), sample.sampledAt());
        pacer.onLoadSample(sample);
    }

    /** This instance's fraction of the warehouse budget: its part of the group's partitions. */
    double shareOfGroup() {
        PhaseConsumer c = consumer;
        return c == null ? 0 : c.shareOfGroup();
    }

    public String executorId() {
        return settings.executorId();
    }

    /**
     * Consumer loop polling and the broker answering (the loop notices a dead broker only indirectly),
     * and the load feed alive.
     */
    public boolean healthy() {
        return consumer != null
                && consumer.healthy(Duration.ofSeconds(30))
                && loadFeedFailure().isEmpty()
                && operatorControlFeedFailure().isEmpty();
    }

    /** Why the admission-control feed died, if it did: operators' throttles then no longer reach this instance. */
    public Optional<String> operatorControlFeedFailure() {
        return controlFeed == null ? Optional.empty() : controlFeed.failure();
    }

    /** The operators' settings overrides and manual throttles in force for this warehouse. */
    public OperatorControls operatorControls() {
        return operatorControls;
    }

    /** Why admission is where it is now, every signal with its value and threshold, manual throttles included. */
    public AdmissionExplanation explain() {
        return throttled.explain();
    }

    /** Why the load feed died, if it did: this executor then admits no new work and is not ready. */
    public Optional<String> loadFeedFailure() {
        return loadFeed == null ? Optional.empty() : loadFeed.failure();
    }

    /** The admission decision now. */
    public AdmissionDecision decision() {
        return pacer.decision();
    }

    /**
     * Operator drain: no new partition starts on this instance until {@link #undrain()}. Phases are still
     * consumed and wait for admission (reporting PAUSED, COMMAND); instructions still run.
     */
    public void drain() {
        controller.pause();
        pacer.decisionChanged();
    }

    public void undrain() {
        controller.resume();
        pacer.decisionChanged();
    }

    public RunningPhases running() {
        return engine.running();
    }

    /** Partitions of {@code backfill-phases} this instance owns now. */
    public Set<TopicPartition> assignment() {
        return consumer == null ? Set.of() : consumer.assignment();
    }

    /** Assignments received so far (one per rebalance this instance took part in). */
    public int assignmentsReceived() {
        return consumer == null ? 0 : consumer.assignmentsReceived();
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(); // revokes running phases at their next partition boundary, commits nothing for them
        }
        if (loadFeed != null) {
            loadFeed.close();
        }
        if (controlFeed != null) {
            controlFeed.close();
        }
        if (engine != null) {
            engine.close();
        }
        pacer.stop();
        if (publisher != null) {
            publisher.close();
        }
        LOG.info("Executor {} stopped", settings.executorId());
    }
}
