package io.backfill.validator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.TableRef;
import io.backfill.events.Budget;
import io.backfill.events.CheckSpec;
import io.backfill.events.CheckStatus;
import io.backfill.events.CheckType;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The validator end to end through a real broker, registry and PostgreSQL: a STAGED event in, the right
 * GateDecision out. The test plays the planner (PhasePlanned on backfill-phases) and the executor
 * (staging through the warehouse layer, then STAGED on phase-progress); those are other services'
 * outputs, the infrastructure is real.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ValidatorNodeIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static final String CLEAN_SQL = "SELECT sale_date, store_id, amount FROM %s.raw_sales"
            + " WHERE sale_date >= :partition_start AND sale_date < :partition_end";
    private static final String NULLING_SQL = "SELECT sale_date, store_id,"
            + " CASE WHEN store_id = 2 THEN NULL ELSE amount END AS amount FROM %s.raw_sales"
            + " WHERE sale_date >= :partition_start AND sale_date < :partition_end";

    private static KafkaSettings kafka;
    private static final String WAREHOUSE = "validator-it";

    private static Warehouse executorSide;
    private static Warehouse validatorSide;
    private static TargetTable target;
    private static ValidatorNode validator;
    private static EventPublisher publisher;
    private static final List<GateDecision> decided = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        String schema = POSTGRES.schemaName();
        try (Connection connection = POSTGRES.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE raw_sales (sale_date date NOT NULL, store_id int NOT NULL, amount numeric)");
            statement.execute(
                    "CREATE TABLE daily_sales (sale_date date NOT NULL, store_id int NOT NULL, amount numeric)");
            statement.execute("INSERT INTO raw_sales SELECT d::date, s, s * 10"
                    + " FROM generate_series(date '2026-03-01', date '2026-03-04', interval '1 day') d,"
                    + " generate_series(1, 3) s");
        }
        WarehouseSettings settings = WarehouseSettings.of(schema, Set.of(schema));
        executorSide = new WarehouseLocation(POSTGRES.jdbcUrl(), "postgres", "").open(settings);
        validatorSide = new WarehouseLocation(POSTGRES.jdbcUrl() + "&readOnly=true&readOnlyMode=always", "postgres", "")
                .open(settings);
        target = executorSide.describe(new TableRef(schema, "daily_sales"), "sale_date");
        executorSide.prepare(target);

        kafka = new KafkaSettings(
                broker.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "validator-it");
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).createMissing();
        }
        publisher = new EventPublisher(kafka);
        validator = new ValidatorNode(
                kafka,
                validatorSide,
                WAREHOUSE,
                "validator-it-" + UUID.randomUUID(),
                Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC),
                decided::add);
        validator.start();
    }

    @AfterAll
    static void stop() {
        validator.close();
        publisher.close();
        validatorSide.close();
        executorSide.close();
    }

    @Test
    void commitsACleanStagedPhaseWithEveryCheckResult(KafkaBroker broker) {
        // given
        String backfill = "bf-clean-" + UUID.randomUUID();
        PhasePlanned phase = planAndStage(backfill, "p1", CLEAN_SQL, List.of("2026-03-01", "2026-03-02"));

        // when
        publishStaged(phase);

        // then
        GateDecision decision = awaitDecisions(broker, backfill, 1).get(0);
        assertThat(decision.getOutcome()).isEqualTo(GateOutcome.COMMIT);
        assertThat(decision.getDecisionId()).isEqualTo(phase.getPhaseId() + "#1");
        assertThat(decision.getChecks())
                .extracting(r -> r.getName() + "@" + r.getPartition() + "=" + r.getStatus())
                .containsExactly(
                        "amount_present@2026-03-01=PASS",
                        "amount_present@2026-03-02=PASS",
                        "rows_match_source@2026-03-01=PASS",
                        "rows_match_source@2026-03-02=PASS");
        assertThat(decision.getChecks())
                .allSatisfy(r -> assertThat(r.getObserved()).isNotBlank());
    }

    @Test
    void rejectsAPhaseWhoseNullRateExceedsItsLimitAndNamesTheCheck(KafkaBroker broker) {
        String backfill = "bf-nulls-" + UUID.randomUUID();
        PhasePlanned phase = planAndStage(backfill, "p1", NULLING_SQL, List.of("2026-03-03"));

        publishStaged(phase);

        GateDecision decision = awaitDecisions(broker, backfill, 1).get(0);
        assertThat(decision.getOutcome()).isEqualTo(GateOutcome.REJECT);
        assertThat(decision.getSummary()).contains("amount_present");
        assertThat(decision.getChecks())
                .filteredOn(r -> r.getStatus() == CheckStatus.FAIL)
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getName()).isEqualTo("amount_present");
                    assertThat(r.getObserved()).contains("0.33");
                });
    }

    @Test
    void leavesPhasesOfAnotherWarehouseToTheirOwnValidator(KafkaBroker broker) {
        // given: a phase of another warehouse sharing the Kafka cluster, staged, then one of ours
        String backfill = "bf-elsewhere-" + UUID.randomUUID();
        PhasePlanned foreign = planAndStage("another-warehouse", backfill, "p1", CLEAN_SQL, List.of("2026-03-02"));
        PhasePlanned ours = planAndStage(backfill, "p2", CLEAN_SQL, List.of("2026-03-03"));

        // when
        publishStaged(foreign);
        publishStaged(ours);

        // then: only ours is decided
        assertThat(awaitDecisions(broker, backfill, 1))
                .extracting(GateDecision::getPhaseId)
                .containsExactly(ours.getPhaseId());
    }

    @Test
    void decidesARedeliveredStagedEventOnlyOnce(KafkaBroker broker) {
        // given: a phase decided once
        String backfill = "bf-redelivered-" + UUID.randomUUID();
        PhasePlanned first = planAndStage(backfill, "p1", CLEAN_SQL, List.of("2026-03-04"));
        publishStaged(first);
        awaitDecisions(broker, backfill, 1);

        // when: its STAGED event arrives again, followed by another phase of the same backfill
        publishStaged(first);
        PhasePlanned second = planAndStage(backfill, "p2", CLEAN_SQL, List.of("2026-03-01"));
        publishStaged(second);

        // then: the later phase is decided, and the first still has exactly one decision
        List<GateDecision> decisions = awaitDecisions(broker, backfill, 2);
        assertThat(decisions)
                .extracting(GateDecision::getPhaseId)
                .containsExactly(first.getPhaseId(), second.getPhaseId());
    }

    @Test
    void parksAPoisonProgressRecordInTheDlqAndDecidesTheNextOne(KafkaBroker broker) throws Exception {
        String backfill = "bf-poison-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> raw =
                new KafkaProducer<>(broker.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(
                            Topics.PHASE_PROGRESS.name(),
                            backfill,
                            "{\"type\":\"STAGED\"}".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        PhasePlanned phase = planAndStage(backfill, "p1", CLEAN_SQL, List.of("2026-03-02"));
        publishStaged(phase);

        assertThat(awaitDecisions(broker, backfill, 1))
                .extracting(GateDecision::getOutcome)
                .containsExactly(GateOutcome.COMMIT);
        assertThat(readKeys(broker, Topics.PHASE_PROGRESS.deadLetterTopic(), backfill, 1))
                .hasSize(1);
    }

    // ------------------------------------------------------------------ the other services' parts

    private static PhasePlanned planAndStage(String backfill, String phaseName, String sqlTemplate, List<String> days) {
        return planAndStage(WAREHOUSE, backfill, phaseName, sqlTemplate, days);
    }

    private static PhasePlanned planAndStage(
            String warehouseId, String backfill, String phaseName, String sqlTemplate, List<String> days) {
        String sql = sqlTemplate.formatted(POSTGRES.schemaName());
        String phaseId = backfill + "-" + phaseName;
        PhasePlanned phase = PhasePlanned.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfill)
                .setPhaseId(phaseId)
                .setSequence(0)
                .setWarehouseId(warehouseId)
                .setTarget(new io.backfill.events.TableRef(POSTGRES.schemaName(), "daily_sales"))
                .setPartitionColumn("sale_date")
                .setGrain(io.backfill.events.PartitionGrain.DAY)
                .setTimeZone("UTC")
                .setPartitions(days)
                .setTransformationSql(sql)
                .setBudget(Budget.newBuilder().build())
                .setChecks(List.of(
                        CheckSpec.newBuilder()
                                .setName("amount_present")
                                .setType(CheckType.NULL_RATE)
                                .setColumns(List.of("amount"))
                                .setThreshold(0.1)
                                .build(),
                        CheckSpec.newBuilder()
                                .setName("rows_match_source")
                                .setType(CheckType.ROW_COUNT_VS_SOURCE)
                                .build()))
                .setPlannedAt(Instant.now())
                .build();
        publisher.publishAndWait(Topics.BACKFILL_PHASES, phaseId, new PhaseInstruction(phase));
        for (String day : days) {
            executorSide.stage(
                    target, backfill, phaseId, Partition.parse(PartitionGrain.DAY, ZoneOffset.UTC, day), sql);
        }
        return phase;
    }

    private static void publishStaged(PhasePlanned phase) {
        publisher.publishAndWait(
                Topics.PHASE_PROGRESS,
                phase.getBackfillId(),
                PhaseProgress.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setBackfillId(phase.getBackfillId())
                        .setPhaseId(phase.getPhaseId())
                        .setExecutorId("test-executor")
                        .setType(PhaseProgressType.STAGED)
                        .setPartitionsDone(phase.getPartitions().size())
                        .setPartitionsTotal(phase.getPartitions().size())
                        .setOccurredAt(Instant.parse("2026-11-24T11:00:00Z"))
                        .build());
    }

    /** Waits for {@code count} decisions of the backfill, then checks no further one follows them. */
    private static List<GateDecision> awaitDecisions(KafkaBroker broker, String backfill, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ofBackfill(backfill).size() >= count);
        List<ConsumerRecord<String, byte[]>> onTopic = readKeys(broker, Topics.GATE_DECISIONS.name(), backfill, count);
        assertThat(onTopic).hasSize(count);
        return ofBackfill(backfill);
    }

    private static List<GateDecision> ofBackfill(String backfill) {
        return decided.stream().filter(d -> d.getBackfillId().equals(backfill)).toList();
    }

    /** Every record with this key on the topic, read once at least {@code atLeast} are there. */
    private static List<ConsumerRecord<String, byte[]>> readKeys(
            KafkaBroker broker, String topic, String key, int atLeast) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= atLeast;
            });
            // Read on briefly: anything beyond what was expected would show up as a wrong count.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (key.equals(r.key())) {
                    found.add(r);
                }
            });
        }
        return found;
    }
}
