package io.backfill.executor.messaging;

import static org.awaitility.Awaitility.await;

import io.backfill.core.TableRef;
import io.backfill.events.Budget;
import io.backfill.events.PartitionGrain;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseCommandType;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.admission.AdmissionStrategy;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicReplay;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.backfill.warehouse.Checkpoint;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * Real broker, registry and PostgreSQL for the executor's integration tests, plus the other services'
 * parts the tests play: the planner (PhasePlanned / PhaseCommand on {@code backfill-phases}) and the
 * load sampler (LoadSample on {@code warehouse-load}). It records every {@code phase-progress} event.
 */
final class Fixture implements AutoCloseable {

    static final List<String> DAYS = List.of(
            "2026-03-01",
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06",
            "2026-03-07",
            "2026-03-08");

    final KafkaBroker broker;
    final String schema;
    final String registryUrl;
    final String jdbcUrl;
    final Warehouse warehouse;
    final TargetTable target;
    final EventPublisher publisher;
    private final TopicReplay<PhaseProgress> progressReplay;
    private final List<PhaseProgress> progress = new CopyOnWriteArrayList<>();
    private final List<ExecutorNode> nodes = new ArrayList<>();

    private Fixture(KafkaBroker broker, SchemaRegistry registry, PostgresSchemaExtension postgres) throws Exception {
        this.broker = broker;
        this.schema = postgres.schemaName();
        this.registryUrl = registry.apicurioApiUrl();
        this.jdbcUrl = postgres.jdbcUrl();
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE raw_sales (sale_date date NOT NULL, store_id int NOT NULL, amount numeric)");
            statement.execute(
                    "CREATE TABLE daily_sales (sale_date date NOT NULL, store_id int NOT NULL, amount numeric)");
            statement.execute("INSERT INTO raw_sales SELECT d::date, s, s * 10 + extract(day from d)"
                    + " FROM generate_series(date '2026-03-01', date '2026-03-08', interval '1 day') d,"
                    + " generate_series(1, 3) s");
            // Previous contents of the target, so publish and rollback have something to keep and restore.
            statement.execute("INSERT INTO daily_sales SELECT d::date, 1, 1"
                    + " FROM generate_series(date '2026-03-01', date '2026-03-08', interval '1 day') d");
        }
        warehouse = new WarehouseLocation(jdbcUrl, "postgres", "").open(WarehouseSettings.of(schema, Set.of(schema)));
        target = warehouse.describe(new TableRef(schema, "daily_sales"), "sale_date");
        warehouse.prepare(target);
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).createMissing();
        }
        publisher = new EventPublisher(kafka("executor-it-planner"));
        progressReplay =
                new TopicReplay<>(kafka("executor-it-progress"), Topics.PHASE_PROGRESS, (k, v) -> progress.add(v));
    }

    static Fixture start(KafkaBroker broker, SchemaRegistry registry, PostgresSchemaExtension postgres)
            throws Exception {
        return new Fixture(broker, registry, postgres);
    }

    KafkaSettings kafka(String clientId) {
        return new KafkaSettings(broker.bootstrapServers(), new RegistrySettings(registryUrl, true), clientId);
    }

    /** The transformation; {@code sleepSeconds > 0} makes every partition take at least that long. */
    String sql(double sleepSeconds) {
        String from = sleepSeconds > 0
                ? schema + ".raw_sales CROSS JOIN (SELECT pg_sleep(" + sleepSeconds + ")) AS slow"
                : schema + ".raw_sales";
        return "SELECT sale_date, store_id, amount FROM " + from
                + " WHERE sale_date >= :partition_start AND sale_date < :partition_end";
    }

    static ConsumerTuning tuning(Duration maxPollInterval) {
        // latest: a test's fresh group must not replay other tests' phases; session 6 s: the broker minimum.
        return new ConsumerTuning(maxPollInterval, Duration.ofSeconds(6), "latest", Duration.ofSeconds(10));
    }

    static AdmissionConfig staticAdmission(double budget) {
        return AdmissionConfig.defaults().withStrategy(AdmissionStrategy.STATIC).withStaticBudget(budget);
    }

    /** Starts an executor instance and waits until it owns partitions of backfill-phases. */
    ExecutorNode node(
            String executorId, String group, String warehouseId, AdmissionConfig admission, ConsumerTuning tuning) {
        ExecutorNode node = new ExecutorNode(
                new ExecutorSettings(executorId, group, warehouseId, admission, tuning),
                kafka(executorId),
                warehouse,
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        node.start();
        nodes.add(node);
        return node;
    }

    static void awaitAssigned(ExecutorNode... nodes) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            int owned = 0;
            for (ExecutorNode node : nodes) {
                owned += node.assignment().size();
            }
            return owned == Topics.BACKFILL_PHASES.partitions();
        });
    }

    PhasePlanned phase(String backfill, String phaseId, String warehouseId, List<String> days, String sql) {
        return phase(
                backfill, phaseId, warehouseId, days, sql, Budget.newBuilder().build());
    }

    PhasePlanned phase(
            String backfill, String phaseId, String warehouseId, List<String> days, String sql, Budget budget) {
        return PhasePlanned.newBuilder()
                .setEventId("planned:" + phaseId + ":1")
                .setBackfillId(backfill)
                .setPhaseId(phaseId)
                .setSequence(0)
                .setWarehouseId(warehouseId)
                .setTarget(new io.backfill.events.TableRef(schema, "daily_sales"))
                .setPartitionColumn("sale_date")
                .setGrain(PartitionGrain.DAY)
                .setTimeZone("UTC")
                .setPartitions(days)
                .setTransformationSql(sql)
                .setBudget(budget)
                .setPlannedAt(Instant.now())
                .build();
    }

    PhaseCommand command(PhasePlanned phase, PhaseCommandType type, List<String> partitions, String eventId) {
        return PhaseCommand.newBuilder()
                .setEventId(eventId)
                .setBackfillId(phase.getBackfillId())
                .setPhaseId(phase.getPhaseId())
                .setType(type)
                .setTarget(phase.getTarget())
                .setPartitionColumn(phase.getPartitionColumn())
                .setGrain(phase.getGrain())
                .setTimeZone(phase.getTimeZone())
                .setPartitions(partitions)
                .setReason("test " + type)
                .setIssuedAt(Instant.now())
                .build();
    }

    void send(PhasePlanned phase) {
        publisher.publishAndWait(Topics.BACKFILL_PHASES, phase.getPhaseId(), new PhaseInstruction(phase));
    }

    void send(PhaseCommand command) {
        publisher.publishAndWait(Topics.BACKFILL_PHASES, command.getPhaseId(), new PhaseInstruction(command));
    }

    void load(String warehouseId, double pressure) {
        publisher.publishAndWait(
                Topics.WAREHOUSE_LOAD,
                warehouseId,
                LoadSampleMapping.toAvro(LoadSample.of(warehouseId, Instant.now(), pressure), "executor-it"));
    }

    /** Publishes a whole sample, as a load sampler (or its controller) would. */
    void load(LoadSample sample) {
        publisher.publishAndWait(
                Topics.WAREHOUSE_LOAD, sample.warehouseId(), LoadSampleMapping.toAvro(sample, "executor-it"));
    }

    List<PhaseProgress> progressOf(String backfill) {
        return progress.stream().filter(p -> p.getBackfillId().equals(backfill)).toList();
    }

    List<Checkpoint> checkpoints(String phaseId) {
        return warehouse.checkpointsOf(phaseId);
    }

    /** The Kafka partition of {@code backfill-phases} a key lands on (murmur2, as producers route keys). */
    static int topicPartitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
                % Topics.BACKFILL_PHASES.partitions();
    }

    /** A key starting with {@code prefix} that lands on the same partition of {@code backfill-phases} as {@code key}. */
    static String keyOnSamePartitionAs(String key, String prefix) {
        int partition = topicPartitionOf(key);
        for (int i = 0; ; i++) {
            String candidate = prefix + i;
            if (topicPartitionOf(candidate) == partition) {
                return candidate;
            }
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Closes the nodes a test started (a test that crashed one on purpose has closed it already). */
    void closeNodes() {
        nodes.forEach(ExecutorNode::close);
        nodes.clear();
    }

    @Override
    public void close() {
        closeNodes();
        progressReplay.close();
        publisher.close();
        warehouse.close();
    }
}
