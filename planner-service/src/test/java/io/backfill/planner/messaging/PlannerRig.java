package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.metrics.PlannerMetrics;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.postgres.PostgresTestSchema;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * Test fixture shared by the planner ITs: what every one of them needs around a {@link PlannerNode} on
 * the real broker, registry and PostgreSQL. It creates the topics, runs the test's table setup in its
 * isolated schema, opens the {@link Warehouse} on that schema, and holds the {@link EventPublisher} and
 * {@link Events} the test plays other services with and the {@link TopicRecorder} following the
 * planner's outputs. It builds planner nodes with the ITs' settings and waits for instructions. It
 * exists so that each IT states only what its scenario is about; closing it closes what it opened
 * (planner nodes stay the test's to close, before the rig).
 */
final class PlannerRig implements AutoCloseable {

    /**
     * Phases of at most 2 partitions, whatever the cost: the plans the ITs describe (p0 = 03-01, 03-02).
     */
    static final RequestIntake.Settings TWO_PARTITION_PHASES =
            new RequestIntake.Settings(Duration.ofHours(1), 1, 2, 1000, 10);

    final KafkaSettings kafka;
    final Warehouse warehouse;
    final EventPublisher publisher;
    final Events events;
    final TopicRecorder out;

    private PlannerRig(KafkaSettings kafka, Warehouse warehouse) {
        this.kafka = kafka;
        this.warehouse = warehouse;
        this.publisher = new EventPublisher(kafka);
        this.events = new Events(publisher);
        this.out = new TopicRecorder(kafka);
    }

    /**
     * @param clientId the Kafka client id of the test's own clients
     * @param tableSql statements run first in the test's schema (its target tables and rows)
     */
    static PlannerRig start(
            KafkaBroker broker,
            SchemaRegistry registry,
            PostgresSchemaExtension postgres,
            String clientId,
            String... tableSql)
            throws SQLException {
        return start(broker, registry, postgres.schema(), clientId, tableSql);
    }

    /** As above, for tests outside JUnit Jupiter's lifecycle (jqwik properties) that own their schema. */
    static PlannerRig start(
            KafkaBroker broker,
            SchemaRegistry registry,
            PostgresTestSchema postgres,
            String clientId,
            String... tableSql)
            throws SQLException {
        KafkaSettings kafka = new KafkaSettings(
                broker.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), clientId);
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).createMissing();
        }
        try (Connection c = postgres.connect();
                Statement s = c.createStatement()) {
            for (String sql : tableSql) {
                s.execute(sql);
            }
        }
        String schema = postgres.schema();
        Warehouse warehouse = new WarehouseLocation(postgres.jdbcUrl(), "postgres", "")
                .open(WarehouseSettings.of(schema, Set.of(schema)));
        return new PlannerRig(kafka, warehouse);
    }

    /** A planner node (not started) with {@link #TWO_PARTITION_PHASES}, ticking every 100 ms. */
    PlannerNode node(String warehouseId, String group, MeterRegistry meters) {
        return node(warehouseId, group, TWO_PARTITION_PHASES, meters);
    }

    /** A planner node (not started) with the given intake settings, ticking every 100 ms. */
    PlannerNode node(String warehouseId, String group, RequestIntake.Settings intake, MeterRegistry meters) {
        return new PlannerNode(
                kafka,
                new RequestIntake(warehouse, intake),
                new PlannerNode.Settings(
                        group,
                        warehouseId,
                        Duration.ofMillis(100),
                        new Planner.Settings(100, Duration.ofMinutes(10), Duration.ofMinutes(30))),
                Clock.systemUTC(),
                new PlannerMetrics(meters));
    }

    /** A planner node (not started) with the given intake and settings. */
    PlannerNode node(PlannerNode.Intake intake, PlannerNode.Settings settings) {
        return new PlannerNode(
                kafka, intake, settings, Clock.systemUTC(), new PlannerMetrics(new SimpleMeterRegistry()));
    }

    /** The ITs' node settings: ticking every 100 ms, stalled after {@code stallAfter}. */
    static PlannerNode.Settings settings(String warehouseId, String group, Duration stallAfter) {
        return new PlannerNode.Settings(
                group,
                warehouseId,
                Duration.ofMillis(100),
                new Planner.Settings(100, Duration.ofMinutes(10), Duration.ofMinutes(30)),
                stallAfter);
    }

    /** Waits until the backfill's instructions are exactly {@code expected} (see {@link TopicRecorder}). */
    void awaitInstructions(String id, Duration wait, String... expected) {
        await().atMost(wait)
                .untilAsserted(() -> assertThat(out.instructions(id)).containsExactly(expected));
    }

    /**
     * {@link #awaitInstructions} for instructions to several phases sent in one step: Kafka orders a
     * phase's instructions (one key, one partition), not those of different phases, so each phase's
     * sequence is compared on its own.
     */
    void awaitInstructionsPerPhase(String id, Duration wait, String... expected) {
        await().atMost(wait)
                .untilAsserted(() -> assertThat(perPhase(out.instructions(id))).isEqualTo(perPhase(List.of(expected))));
    }

    /** {@link #assertNothingMore}, comparing each phase's instructions on their own (see {@link #awaitInstructionsPerPhase}). */
    void assertNothingMorePerPhase(String id, Duration wait, String... expected) {
        await().during(Duration.ofMillis(600))
                .atMost(wait)
                .untilAsserted(() -> assertThat(perPhase(out.instructions(id))).isEqualTo(perPhase(List.of(expected))));
    }

    /** Instructions ("ROLLBACK p0#1 [2026-03-02]") grouped by phase ("p0"), each group in order. */
    private static Map<String, List<String>> perPhase(List<String> instructions) {
        Map<String, List<String>> byPhase = new TreeMap<>();
        for (String instruction : instructions) {
            String phase = instruction.split(" ")[1].split("#")[0];
            byPhase.computeIfAbsent(phase, p -> new ArrayList<>()).add(instruction);
        }
        return byPhase;
    }

    /** Waits until the backfill's latest status is in {@code state}. */
    void awaitState(String id, Duration wait, String state) {
        await().atMost(wait).untilAsserted(() -> assertThat(out.state(id)).isEqualTo(state));
    }

    /** Lets the planner tick a few times (100 ms each), then checks nothing else came out. */
    void assertNothingMore(String id, Duration wait, String... expected) {
        // The absence of output can only be observed over a stretch of time.
        await().during(Duration.ofMillis(600))
                .atMost(wait)
                .untilAsserted(() -> assertThat(out.instructions(id)).containsExactly(expected));
    }

    @Override
    public void close() {
        try {
            out.close();
        } finally {
            publisher.close();
            warehouse.close();
        }
    }
}
