package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.events.Budget;
import io.backfill.events.PhaseCommandType;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.backfill.warehouse.Checkpoint;
import io.backfill.warehouse.CheckpointState;
import io.backfill.warehouse.DataSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One executor instance end to end through a real broker, registry and PostgreSQL: the test plays
 * the planner (instructions on {@code backfill-phases}) and reads {@code phase-progress}.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ExecutorNodeIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static Fixture fixture;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        fixture = Fixture.start(broker, registry, POSTGRES);
    }

    @AfterEach
    void stopNodes() {
        fixture.closeNodes();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void stagesAPhaseAndReportsProgressInOrder() {
        // given
        String warehouse = Fixture.unique("wh");
        ExecutorNode node = fixture.node(
                "ex-a",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(1),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String backfill = Fixture.unique("bf-stage");
        PhasePlanned phase =
                fixture.phase(backfill, backfill + "-p0", warehouse, Fixture.DAYS.subList(0, 3), fixture.sql(0));

        // when
        fixture.send(phase);

        // then
        List<PhaseProgress> events = awaitTypes(backfill, PhaseProgressType.STAGED);
        assertThat(events)
                .extracting(PhaseProgress::getType)
                .containsExactly(
                        PhaseProgressType.STARTED,
                        PhaseProgressType.PARTITION_STAGED,
                        PhaseProgressType.PARTITION_STAGED,
                        PhaseProgressType.PARTITION_STAGED,
                        PhaseProgressType.STAGED);
        assertThat(events.subList(1, 4))
                .extracting(PhaseProgress::getPartition, PhaseProgress::getPartitionsDone, PhaseProgress::getRows)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-03-01", 1, 3L),
                        org.assertj.core.groups.Tuple.tuple("2026-03-02", 2, 3L),
                        org.assertj.core.groups.Tuple.tuple("2026-03-03", 3, 3L));
        assertThat(events.subList(1, 4)).allSatisfy(e -> {
            assertThat(e.getChecksum()).isNotBlank();
            assertThat(e.getDurationMillis()).isNotNull();
            assertThat(e.getComputeSeconds()).isNotNull();
            assertThat(e.getExecutorId()).isEqualTo("ex-a");
        });
        PhaseProgress staged = events.get(4);
        assertThat(staged.getRows()).isEqualTo(9L);
        assertThat(staged.getPartitionsDone()).isEqualTo(3);
        assertThat(staged.getPartitionsTotal()).isEqualTo(3);
        assertThat(fixture.checkpoints(phase.getPhaseId()))
                .extracting(Checkpoint::partitionKey, Checkpoint::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-03-01", CheckpointState.STAGED),
                        org.assertj.core.groups.Tuple.tuple("2026-03-02", CheckpointState.STAGED),
                        org.assertj.core.groups.Tuple.tuple("2026-03-03", CheckpointState.STAGED));
        assertNothingMoreAfter(backfill, events.size());
    }

    @Test
    void enforcesThePhaseOwnStatementTimeoutAndReportsARetriableFailure() {
        // given: a phase whose budget allows one second per staging statement, and partitions taking three
        String warehouse = Fixture.unique("wh");
        ExecutorNode node = fixture.node(
                "ex-timeout",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(1),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String backfill = Fixture.unique("bf-timeout");
        PhasePlanned phase = fixture.phase(
                backfill,
                backfill + "-p0",
                warehouse,
                Fixture.DAYS.subList(0, 2),
                fixture.sql(3),
                Budget.newBuilder().setStatementTimeoutSeconds(1).build());

        // when
        fixture.send(phase);

        // then
        List<PhaseProgress> events = awaitTypes(backfill, PhaseProgressType.FAILED);
        PhaseProgress failed = single(events, PhaseProgressType.FAILED);
        assertThat(failed.getReason()).containsIgnoringCase("timeout");
        assertThat(failed.getRetriable()).isTrue();
        assertThat(failed.getPartitionsDone()).isZero();
        assertThat(fixture.checkpoints(phase.getPhaseId())).isEmpty();
        assertNothingMoreAfter(backfill, events.size());
    }

    @Test
    void resumesARedeliveredPhaseFromItsCheckpointsWithoutRedoingStagedPartitions() {
        // given: a crashed instance staged the first two partitions before its phase was redelivered
        String warehouse = Fixture.unique("wh");
        String backfill = Fixture.unique("bf-resume");
        PhasePlanned phase =
                fixture.phase(backfill, backfill + "-p0", warehouse, Fixture.DAYS.subList(0, 4), fixture.sql(0));
        for (String day : Fixture.DAYS.subList(0, 2)) {
            fixture.warehouse.stage(
                    fixture.target,
                    backfill,
                    phase.getPhaseId(),
                    Partition.parse(PartitionGrain.DAY, ZoneOffset.UTC, day),
                    phase.getTransformationSql());
        }
        List<Checkpoint> before = fixture.checkpoints(phase.getPhaseId());
        ExecutorNode node = fixture.node(
                "ex-b",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(2),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);

        // when
        fixture.send(phase);

        // then: only the unstaged partitions are staged; the phase counts all four
        List<PhaseProgress> events = awaitTypes(backfill, PhaseProgressType.STAGED);
        assertThat(events.get(0).getType()).isEqualTo(PhaseProgressType.STARTED);
        assertThat(events.get(0).getPartitionsDone()).isEqualTo(2);
        assertThat(events)
                .filteredOn(e -> e.getType() == PhaseProgressType.PARTITION_STAGED)
                .extracting(PhaseProgress::getPartition)
                .containsExactlyInAnyOrder("2026-03-03", "2026-03-04");
        assertThat(events.get(events.size() - 1).getRows()).isEqualTo(12L);
        List<Checkpoint> after = fixture.checkpoints(phase.getPhaseId());
        assertThat(after).hasSize(4);
        assertThat(after.subList(0, 2))
                .extracting(Checkpoint::stagedAt)
                .containsExactlyElementsOf(
                        before.stream().map(Checkpoint::stagedAt).toList());
        assertNothingMoreAfter(backfill, events.size());
    }

    @Test
    void keepsItsGroupMembershipThroughAPhaseLongerThanMaxPollInterval() {
        // given: max.poll.interval.ms of 1.5 s and a phase of 4 partitions taking at least 1 s each
        String warehouse = Fixture.unique("wh");
        ExecutorNode node = fixture.node(
                "ex-c",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(1),
                Fixture.tuning(Duration.ofMillis(1500)));
        Fixture.awaitAssigned(node);
        int assignmentsBefore = node.assignmentsReceived();
        String backfill = Fixture.unique("bf-long");
        PhasePlanned phase =
                fixture.phase(backfill, backfill + "-p0", warehouse, Fixture.DAYS.subList(0, 4), fixture.sql(1.0));

        // when
        fixture.send(phase);

        // then: it finishes once, with no rebalance on the way
        List<PhaseProgress> events = awaitTypes(backfill, PhaseProgressType.STAGED);
        assertThat(events)
                .extracting(PhaseProgress::getType)
                .containsExactly(
                        PhaseProgressType.STARTED,
                        PhaseProgressType.PARTITION_STAGED,
                        PhaseProgressType.PARTITION_STAGED,
                        PhaseProgressType.PARTITION_STAGED,
                        PhaseProgressType.PARTITION_STAGED,
                        PhaseProgressType.STAGED);
        assertThat(events.get(5).getDurationMillis()).isGreaterThan(1500L);
        assertThat(node.assignmentsReceived()).isEqualTo(assignmentsBefore);
        assertThat(node.assignment()).hasSize(Topics.BACKFILL_PHASES.partitions());
        assertNothingMoreAfter(backfill, events.size());
    }

    @Test
    void publishesDiscardsAndRollsBackOnCommandAndRepeatsNothingForARedeliveredCommand() {
        // given: two staged phases
        String warehouse = Fixture.unique("wh");
        ExecutorNode node = fixture.node(
                "ex-d",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(2),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String backfill = Fixture.unique("bf-commands");
        PhasePlanned published = fixture.phase(
                backfill, backfill + "-p0", warehouse, List.of("2026-03-05", "2026-03-06"), fixture.sql(0));
        PhasePlanned rejected =
                fixture.phase(backfill, backfill + "-p1", warehouse, List.of("2026-03-07"), fixture.sql(0));
        fixture.send(published);
        fixture.send(rejected);
        awaitCount(backfill, PhaseProgressType.STAGED, 2);
        Partition march5 = Partition.parse(PartitionGrain.DAY, ZoneOffset.UTC, "2026-03-05");
        var targetBefore = fixture.warehouse.checksum(fixture.target, DataSet.TARGET, march5, published.getPhaseId());

        // when: publish (delivered twice with one event id), discard, roll back one partition, then the rest
        var publish = fixture.command(published, PhaseCommandType.PUBLISH, List.of(), "publish-" + UUID.randomUUID());
        fixture.send(publish);
        fixture.send(publish);
        fixture.send(fixture.command(rejected, PhaseCommandType.DISCARD, List.of(), "discard-" + UUID.randomUUID()));
        awaitCount(backfill, PhaseProgressType.DISCARDED, 1);
        fixture.send(fixture.command(
                published, PhaseCommandType.ROLLBACK, List.of("2026-03-05"), "rollback-" + UUID.randomUUID()));
        awaitCount(backfill, PhaseProgressType.ROLLED_BACK, 1);
        fixture.send(fixture.command(published, PhaseCommandType.ROLLBACK, List.of(), "rollback-" + UUID.randomUUID()));

        // then
        awaitCount(backfill, PhaseProgressType.ROLLED_BACK, 2);
        List<PhaseProgress> events = fixture.progressOf(backfill);
        PhaseProgress publishedEvent = single(events, PhaseProgressType.PUBLISHED);
        assertThat(publishedEvent.getPartitionOutcomes())
                .extracting(o -> o.getPartition(), o -> o.getRowsBefore(), o -> o.getRowsAfter(), o -> o.getChanged())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-03-05", 1L, 3L, true),
                        org.assertj.core.groups.Tuple.tuple("2026-03-06", 1L, 3L, true));
        assertThat(publishedEvent.getPartitionOutcomes().get(0).getChecksumBefore())
                .isEqualTo(targetBefore.text());
        assertThat(single(events, PhaseProgressType.DISCARDED).getPhaseId()).isEqualTo(rejected.getPhaseId());
        List<PhaseProgress> rollbacks = events.stream()
                .filter(e -> e.getType() == PhaseProgressType.ROLLED_BACK)
                .toList();
        assertThat(rollbacks.get(0).getPartition()).isEqualTo("2026-03-05");
        assertThat(rollbacks.get(1).getPartition()).isNull();
        assertThat(fixture.warehouse.checksum(fixture.target, DataSet.TARGET, march5, published.getPhaseId()))
                .isEqualTo(targetBefore);
        assertThat(fixture.checkpoints(published.getPhaseId()))
                .extracting(Checkpoint::state)
                .containsOnly(CheckpointState.ROLLED_BACK);
        assertNothingMoreAfter(backfill, events.size());
    }

    @Test
    void pausesResumesAndAbortsARunningPhaseAtPartitionBoundaries() {
        // given: a slow phase of 8 partitions running
        String warehouse = Fixture.unique("wh");
        ExecutorNode node = fixture.node(
                "ex-e",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(1),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String backfill = Fixture.unique("bf-controls");
        PhasePlanned phase = fixture.phase(backfill, backfill + "-p0", warehouse, Fixture.DAYS, fixture.sql(0.5));
        fixture.send(phase);
        awaitCount(backfill, PhaseProgressType.PARTITION_STAGED, 1);

        // when: PAUSE
        fixture.send(fixture.command(phase, PhaseCommandType.PAUSE, List.of(), "pause-" + UUID.randomUUID()));

        // then: it pauses at the next boundary (the partition running then finishes) and starts nothing new
        awaitCount(backfill, PhaseProgressType.PAUSED, 1);
        await().pollDelay(Duration.ofMillis(1200)).until(() -> true);
        int stagedWhenPaused = count(backfill, PhaseProgressType.PARTITION_STAGED);
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> count(backfill, PhaseProgressType.PARTITION_STAGED) == stagedWhenPaused);
        assertThat(single(fixture.progressOf(backfill), PhaseProgressType.PAUSED)
                        .getReason())
                .isEqualTo("COMMAND");

        // when: RESUME, then ABORT once it moved on
        fixture.send(fixture.command(phase, PhaseCommandType.RESUME, List.of(), "resume-" + UUID.randomUUID()));
        awaitCount(backfill, PhaseProgressType.PARTITION_STAGED, stagedWhenPaused + 1);
        fixture.send(fixture.command(phase, PhaseCommandType.ABORT, List.of(), "abort-" + UUID.randomUUID()));

        // then: FAILED (not retriable), some partitions never staged, no STAGED
        awaitCount(backfill, PhaseProgressType.FAILED, 1);
        List<PhaseProgress> events = fixture.progressOf(backfill);
        PhaseProgress failed = single(events, PhaseProgressType.FAILED);
        assertThat(failed.getReason()).startsWith("aborted");
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getPartitionsDone()).isLessThan(Fixture.DAYS.size());
        assertThat(events)
                .extracting(PhaseProgress::getType)
                .contains(PhaseProgressType.RESUMED)
                .doesNotContain(PhaseProgressType.STAGED);
        assertThat(fixture.checkpoints(phase.getPhaseId())).hasSize(failed.getPartitionsDone());
        assertNothingMoreAfter(backfill, events.size());
    }

    @Test
    void parksAPoisonInstructionInTheDlqAndRunsTheNextPhase(KafkaBroker broker) throws Exception {
        // given
        String warehouse = Fixture.unique("wh");
        ExecutorNode node = fixture.node(
                "ex-f",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(1),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String backfill = Fixture.unique("bf-poison");
        String poisonKey = backfill + "-poison";
        PhasePlanned phase = fixture.phase(backfill, poisonKey, warehouse, List.of("2026-03-08"), fixture.sql(0));

        // when: a record that is not Avro, then a good phase with the same key (same partition, behind it)
        try (KafkaProducer<String, byte[]> raw =
                new KafkaProducer<>(broker.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(
                            Topics.BACKFILL_PHASES.name(),
                            poisonKey,
                            "{\"phase\":\"oops\"}".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        fixture.send(phase);

        // then
        List<PhaseProgress> events = awaitTypes(backfill, PhaseProgressType.STAGED);
        assertThat(events).extracting(PhaseProgress::getType).contains(PhaseProgressType.STAGED);
        List<ConsumerRecord<String, byte[]>> parked =
                readKey(broker, Topics.BACKFILL_PHASES.deadLetterTopic(), poisonKey);
        assertThat(parked).hasSize(1);
        assertThat(new String(
                        parked.get(0)
                                .headers()
                                .lastHeader(Topics.DLQ_REASON_HEADER)
                                .value(),
                        StandardCharsets.UTF_8))
                .contains("wire format");
    }

    // ------------------------------------------------------------------ helpers

    /** Waits until an event of {@code last} type arrived for the backfill; returns its events so far. */
    private static List<PhaseProgress> awaitTypes(String backfill, PhaseProgressType last) {
        awaitCount(backfill, last, 1);
        return fixture.progressOf(backfill);
    }

    private static void awaitCount(String backfill, PhaseProgressType type, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(backfill, type) >= count);
    }

    private static int count(String backfill, PhaseProgressType type) {
        return (int) fixture.progressOf(backfill).stream()
                .filter(e -> e.getType() == type)
                .count();
    }

    private static PhaseProgress single(List<PhaseProgress> events, PhaseProgressType type) {
        List<PhaseProgress> found =
                events.stream().filter(e -> e.getType() == type).toList();
        assertThat(found).as("events of type %s", type).hasSize(1);
        return found.get(0);
    }

    /** After the expected events, nothing else arrives for the backfill. */
    private static void assertNothingMoreAfter(String backfill, int expected) {
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> fixture.progressOf(backfill).size() == expected);
    }

    private static List<ConsumerRecord<String, byte[]>> readKey(KafkaBroker broker, String topic, String key) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (key.equals(r.key())) {
                    found.add(r);
                }
            });
        }
        return found;
    }
}
