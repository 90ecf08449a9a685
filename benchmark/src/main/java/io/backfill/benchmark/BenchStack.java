package io.backfill.benchmark;

import io.backfill.core.TableRef;
import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillRequested;
import io.backfill.events.Requester;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.control.ControllerSettings;
import io.backfill.executor.domain.load.CanaryBaseline;
import io.backfill.executor.domain.load.LoadCapacity;
import io.backfill.executor.messaging.ConsumerTuning;
import io.backfill.executor.messaging.ExecutorNode;
import io.backfill.executor.messaging.ExecutorSettings;
import io.backfill.executor.sampler.LoadSampler;
import io.backfill.executor.sampler.LoadSamplerSettings;
import io.backfill.infra.kafka.KafkaServerProcess;
import io.backfill.infra.registry.ApicurioDistribution;
import io.backfill.infra.registry.ApicurioRegistryProcess;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.messaging.PlannerNode;
import io.backfill.planner.metrics.PlannerMetrics;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.validator.messaging.ValidatorNode;
import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseSettings;
import io.backfill.warehouse.postgres.PostgresDialect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The real coordinator on the benchmark's PostgreSQL database, in one JVM as the local stack runs it:
 * a Kafka broker and the schema registry as child processes; planner, validator and the load sampler
 * as plain-Java nodes; executors started per scenario with the scenario's admission strategy.
 * Everything between them goes through Kafka, exactly as in production.
 */
final class BenchStack implements AutoCloseable {

    static final String WAREHOUSE_ID = "bench";

    /**
     * How long a fresh sampler runs before an executor is handed back: its learning (a second or two) and
     * its idle window, so it knows whether anybody is on the warehouse.
     */
    static final Duration SAMPLER_WARM_UP =
            ControllerSettings.defaults().idleWindow().plusSeconds(1);

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Clock clock = Clock.systemUTC();
    private final KafkaSettings kafka;
    private final Warehouse warehouse;
    private final EventPublisher publisher;
    private final EventLog events;
    private final Duration samplerInterval;
    private final String canarySql;
    private LoadSampler sampler;

    /**
     * @param samplerInterval how often the load sampler publishes (the executors act per sample)
     * @param canarySql the sampler's canary: a small query representative of the dashboards
     */
    BenchStack(Path dataDir, ConnectionSource connections, Duration samplerInterval, String canarySql)
            throws Exception {
        this.samplerInterval = samplerInterval;
        KafkaServerProcess broker = closeLater(KafkaServerProcess.start(dataDir.resolve("kafka"), 0));
        ApicurioRegistryProcess registry = closeLater(ApicurioRegistryProcess.start(ApicurioDistribution.locate()));
        kafka = new KafkaSettings(
                broker.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "bench");
        try (Admin admin = Admin.create(kafka.baseProperties("admin"))) {
            new TopicProvisioner(admin, (short) 1).createMissing();
        }
        warehouse = closeLater(new Warehouse(
                connections,
                new PostgresDialect(),
                WarehouseSettings.of("backfill_control", Set.of(FactDataset.TARGET_SCHEMA, "bench"))
                        .withStatementTimeout(Duration.ofMinutes(5))));
        // Control schema and tables up front: the first phases otherwise race to create them (seen: two
        // concurrent CREATE SCHEMA IF NOT EXISTS, one fails with a unique violation and its phase is retried).
        warehouse.prepare(warehouse.describe(
                new TableRef(FactDataset.TARGET_SCHEMA, FactDataset.TARGET_TABLE), FactDataset.PARTITION_COLUMN));
        publisher = closeLater(new EventPublisher(kafka));
        this.canarySql = canarySql;
        MeterRegistry meters = new SimpleMeterRegistry();
        sampler = startSampler();
        toClose.push(() -> sampler.close());
        ValidatorNode validator =
                closeLater(new ValidatorNode(kafka, warehouse, WAREHOUSE_ID, "validator", clock, d -> {}));
        validator.start();
        PlannerNode planner = closeLater(new PlannerNode(
                kafka,
                // Fixed phases of 5 daily partitions: a unit small enough that pacing and gating are visible.
                new RequestIntake(warehouse, new RequestIntake.Settings(Duration.ofSeconds(5), 5, 5, 50_000, 200)),
                new PlannerNode.Settings(
                        "planner",
                        WAREHOUSE_ID,
                        Duration.ofMillis(250),
                        new Planner.Settings(4, Duration.ofMinutes(5), Duration.ofMinutes(10))),
                clock,
                new PlannerMetrics(meters)));
        planner.start();
        events = closeLater(new EventLog(kafka));
    }

    /**
     * A fresh load sampler: a fresh controller (learning, then the initial budget), as an executor
     * that starts on a warehouse meets it. Every scenario starts its own, so none inherits the
     * budget, hurt memories or statement durations the controller drew from the scenario before (a
     * static budget's, which the controller watched but did not steer).
     */
    private LoadSampler startSampler() {
        LoadSampler fresh = new LoadSampler(
                new LoadSamplerSettings(
                        WAREHOUSE_ID,
                        "bench-sampler",
                        samplerInterval,
                        canarySql,
                        // Host CPU off: this host is shared with other work (builds, tests), which is not warehouse
                        // load; PostgreSQL's own activity and the canary's latency are what the warehouse feels.
                        false,
                        LoadCapacity.DEFAULTS,
                        CanaryBaseline.DEFAULT_WINDOW,
                        CanaryBaseline.DEFAULT_PERCENTILE,
                        5),
                warehouse,
                publisher,
                clock,
                new SimpleMeterRegistry());
        fresh.start();
        return fresh;
    }

    /** An executor instance joined to {@code groupId}, with its own meters so its gauges can be read. */
    record Executor(ExecutorNode node, MeterRegistry meters) implements AutoCloseable {

        /** Partitions staging on this instance now. */
        int runningPartitions() {
            var gauge = meters.find("backfill_executor_running_partitions").gauge();
            return gauge == null ? 0 : (int) gauge.value();
        }

        /** Permits admission allows now (0 while paused). */
        int permits() {
            return node.decision().permits();
        }

        /** Statement-seconds per second admission allows now: the budget, or the permits (0 while paused). */
        double admittedBudget() {
            var decision = node.decision();
            return decision.pauseConsumption() ? 0 : decision.admittedBudget();
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /**
     * Starts an executor that reads only phases released from now on (a fresh group at "latest"), and
     * waits until it owns its partitions of {@code backfill-phases}, so nothing released after this
     * returns is missed and nothing from earlier scenarios is replayed. A fresh load sampler starts
     * with it and has run {@link #SAMPLER_WARM_UP} when this returns.
     */
    Executor startExecutor(String executorId, String groupId, AdmissionConfig admission) throws InterruptedException {
        sampler.close();
        sampler = startSampler();
        long samplerStarted = System.nanoTime();
        MeterRegistry meters = new SimpleMeterRegistry();
        ExecutorNode node = new ExecutorNode(
                new ExecutorSettings(
                        executorId,
                        groupId,
                        WAREHOUSE_ID,
                        admission,
                        new ConsumerTuning(
                                Duration.ofMinutes(5), Duration.ofSeconds(10), "latest", Duration.ofSeconds(20))),
                kafka,
                warehouse,
                meters,
                clock);
        node.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (node.assignment().isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        if (node.assignment().isEmpty()) {
            node.close();
            throw new IllegalStateException("executor " + executorId + " got no partitions of backfill-phases in 60 s");
        }
        // The fresh sampler's warm-up: it learns the canary's baseline and whether users are on the warehouse,
        // as a sampler that has been running meets a backfill in production. Whatever runs (the scenario's
        // foreground) runs through it; every setting waits the same.
        long warmUntil = samplerStarted + SAMPLER_WARM_UP.toNanos();
        while (System.nanoTime() < warmUntil) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return new Executor(node, meters);
    }

    void submit(BackfillRequested request) {
        publisher.publishAndWait(Topics.BACKFILL_REQUESTS, request.getBackfillId(), request);
    }

    /** Cancels a backfill that overran its scenario, so the next one (same partitions) is not queued behind it. */
    void cancel(String backfillId) {
        BackfillCommand command = BackfillCommand.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId)
                .setType(BackfillCommandType.CANCEL)
                .setRequestedBy(Requester.newBuilder()
                        .setUser("benchmark")
                        .setSource("CLI")
                        .setReason("scenario time limit reached")
                        .build())
                .setIssuedAt(clock.instant())
                .build();
        publisher.publishAndWait(Topics.BACKFILL_COMMANDS, backfillId, command);
    }

    EventLog events() {
        return events;
    }

    Clock clock() {
        return clock;
    }

    Duration samplerInterval() {
        return samplerInterval;
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                // Shutting down: the next resource still has to close.
            }
        }
    }
}
