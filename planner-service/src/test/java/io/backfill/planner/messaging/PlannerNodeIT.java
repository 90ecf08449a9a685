package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.Budget;
import io.backfill.events.FailurePolicy;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.RolloutMode;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The planner end to end on a real broker, registry and PostgreSQL. The test plays users (requests,
 * commands), executors (phase-progress) and the validator (gate-decisions): those are other services'
 * outputs; the infrastructure is real. Each test uses its own backfill ids and its own target table.
 *
 * <p>Plans here: 4 daily partitions, at most 2 per phase → phases p0 (03-01, 03-02) and p1 (03-03,
 * 03-04); the requests allow one phase in flight.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerNodeIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(20);
    static final AtomicInteger TABLES = new AtomicInteger();

    static PlannerRig rig;
    static PlannerNode planner;
    static Events events;
    static TopicRecorder out;
    static SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(broker, registry, POSTGRES, "planner-it");
        events = rig.events;
        out = rig.out;
        planner = rig.node(WAREHOUSE, "planner-it-" + UUID.randomUUID(), meters);
        planner.start();
    }

    static final String WAREHOUSE = "it-node";

    @AfterAll
    static void stop() {
        planner.close();
        rig.close();
    }

    /** A fresh target table with rows on 2026-03-01..04, so each test has its own claims. */
    static String table() {
        String name = "sales_" + TABLES.incrementAndGet();
        try (Connection c = POSTGRES.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (sale_date date NOT NULL, amount numeric)");
            s.execute("INSERT INTO " + name + " SELECT d::date, 1 FROM generate_series(date '2026-03-01',"
                    + " date '2026-03-04', interval '1 day') d, generate_series(1, 3)");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    static BackfillRequested.Builder request(String id) {
        return Events.request(WAREHOUSE, id, POSTGRES.schemaName(), table(), "2026-03-01", "2026-03-05");
    }

    static String id(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void awaitInstructions(String id, String... expected) {
        rig.awaitInstructions(id, WAIT, expected);
    }

    static void awaitState(String id, String state) {
        rig.awaitState(id, WAIT, state);
    }

    /** Lets the planner tick a few times, then checks nothing else came out. */
    static void assertNothingMore(String id, String... expected) throws InterruptedException {
        rig.assertNothingMore(id, WAIT, expected);
    }

    // ---- intake ----------------------------------------------------------------------------------

    @Test
    void plansAValidRequestAndReleasesItsFirstPhaseWithTheRequestsBudget() throws InterruptedException {
        // given
        String id = id("valid");
        BackfillRequested request = request(id)
                .setPhaseBudget(Budget.newBuilder()
                        .setMaxConcurrentStatements(1)
                        .setMaxPartitionsPerSecond(0.5)
                        .build())
                .build();

        // when
        events.send(request);

        // then
        awaitInstructions(id, "planned p0#1");
        PhasePlanned p0 = out.planned(id).get(0);
        assertThat(p0.getPartitions()).containsExactly("2026-03-01", "2026-03-02");
        assertThat(p0.getBudget().getMaxPartitionsPerSecond()).isEqualTo(0.5);
        assertThat(p0.getTransformationSql()).isEqualTo(request.getTransformationSql());
        awaitState(id, "RUNNING");
        BackfillStatus status = out.status(id).orElseThrow();
        assertThat(out.phasesOf(id))
                .extracting(p -> p.getPhaseId() + "=" + p.getState())
                .containsExactly(id + "-p0=RELEASED", id + "-p1=PLANNED");
        assertThat(status.getPartitionsTotal()).isEqualTo(4);
        assertNothingMore(id, "planned p0#1");
        assertThat(meters.get("backfill_phases_planned")
                        .tag("backfill", id)
                        .gauge()
                        .value())
                .isEqualTo(2.0);
    }

    @Test
    void rejectsAnInvalidRequestNamingEveryProblem() throws InterruptedException {
        // given
        String id = id("invalid");
        BackfillRequested request = Events.request(
                        WAREHOUSE, id, POSTGRES.schemaName(), "no_such_table", "2026-03-01T05:00", "2026-03-01")
                .setTransformationSql("SELECT * FROM raw")
                .setDeadline(Instant.parse("2020-01-01T00:00:00Z"))
                .setBudget(Budget.newBuilder().setMaxPhasesInFlight(0).build())
                .build();

        // when
        events.send(request);

        // then
        awaitState(id, "REJECTED");
        assertThat(out.status(id).orElseThrow().getProblems())
                .anySatisfy(p -> assertThat(p).startsWith("target: table").contains("no_such_table"))
                .anySatisfy(p -> assertThat(p).contains("range start").contains("not aligned"))
                .anySatisfy(p -> assertThat(p).contains("range is empty"))
                .anySatisfy(p -> assertThat(p).isEqualTo("transformationSql: must reference :partition_start"))
                .anySatisfy(p -> assertThat(p).isEqualTo("transformationSql: must reference :partition_end"))
                .anySatisfy(p -> assertThat(p).startsWith("deadline: 2020-01-01T00:00:00Z is not in the future"))
                .anySatisfy(p -> assertThat(p).startsWith("budgets.maxPhasesInFlight: must be positive"))
                .hasSize(7);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(out.alerts(id))
                        .extracting(a -> a.getType().name())
                        .containsExactly("REQUEST_REJECTED"));
        assertThat(out.alerts(id).get(0).getMessage()).contains("no_such_table", ":partition_end");
        assertNothingMore(id);
    }

    @Test
    void parksAnUndecodableRequestInTheDlqAndKeepsConsuming() throws InterruptedException {
        // given
        String poisonKey = id("poison");
        String id = id("after-poison");
        Properties properties = rig.kafka.baseProperties("poison");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    Topics.BACKFILL_REQUESTS.name(), poisonKey, "{not avro}".getBytes(StandardCharsets.UTF_8)));
        }

        // when
        events.send(request(id).build());

        // then
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(out.deadLetters)
                        .filteredOn(d -> poisonKey.equals(d.key()))
                        .singleElement()
                        .satisfies(d -> assertThat(d.reason()).contains("wire format")));
        awaitInstructions(id, "planned p0#1");
        assertNothingMore(id, "planned p0#1");
    }

    // ---- gate → publish / discard ---------------------------------------------------------------

    @Test
    void turnsCommitsIntoPublishesAndCompletesWhenEveryPhaseIsPublished() throws InterruptedException {
        // given
        String id = id("commit");
        events.send(request(id).build());
        awaitInstructions(id, "planned p0#1");

        // when
        events.stage(id, id + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
        events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);

        // then
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1");
        PhaseCommand publish = out.commands(id).get(0);
        assertThat(publish.getDecisionId()).isEqualTo(id + "-p0#1");
        assertThat(publish.getPartitions()).isEmpty();

        // when
        events.progress(id, id + "-p0", 1, PhaseProgressType.PUBLISHED, null);

        // then: the slot is free again
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1");
        events.stage(id, id + "-p1", 1, List.of("2026-03-03", "2026-03-04"));
        events.gate(id, id + "-p1", 1, GateOutcome.COMMIT);
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1");
        events.progress(id, id + "-p1", 1, PhaseProgressType.PUBLISHED, null);
        awaitState(id, "COMPLETED");
        BackfillStatus done = out.status(id).orElseThrow();
        assertThat(done.getPartitionsPublished()).isEqualTo(4);
        assertThat(done.getRowsWritten()).isEqualTo(12);
        assertNothingMore(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1");
    }

    @Test
    void discardsARejectedPhaseRetriesItPerFailurePolicyThenHalts() throws InterruptedException {
        // given
        String id = id("reject");
        events.send(request(id)
                .setFailurePolicy(FailurePolicy.newBuilder()
                        .setMaxRetries(1)
                        .setRetryBackoffSeconds(0)
                        .build())
                .build());
        awaitInstructions(id, "planned p0#1");

        // when
        events.stage(id, id + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
        events.gate(id, id + "-p0", 1, GateOutcome.REJECT);

        // then
        awaitInstructions(id, "planned p0#1", "DISCARD p0#1");
        assertThat(out.commands(id).get(0).getDecisionId()).isEqualTo(id + "-p0#1");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(out.alerts(id))
                        .extracting(BackfillAlert::getType)
                        .extracting(Enum::name)
                        .containsExactly("GATE_FAILED"));

        // when: the executor confirms; the retry is released as attempt 2
        events.progress(id, id + "-p0", 1, PhaseProgressType.DISCARDED, null);
        awaitInstructions(id, "planned p0#1", "DISCARD p0#1", "planned p0#2");
        events.stage(id, id + "-p0", 2, List.of("2026-03-01", "2026-03-02"));
        events.gate(id, id + "-p0", 2, GateOutcome.REJECT);
        awaitInstructions(id, "planned p0#1", "DISCARD p0#1", "planned p0#2", "DISCARD p0#2");
        events.progress(id, id + "-p0", 2, PhaseProgressType.DISCARDED, null);

        // then: out of retries
        awaitState(id, "FAILED");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(out.alerts(id))
                        .extracting(a -> a.getType().name())
                        .containsExactly("GATE_FAILED", "GATE_FAILED", "PHASE_FAILED"));
        assertNothingMore(id, "planned p0#1", "DISCARD p0#1", "planned p0#2", "DISCARD p0#2");
    }

    // ---- commands ----------------------------------------------------------------------------------

    @Test
    void pausesAndResumesRunningPhasesAtPartitionBoundaries() throws InterruptedException {
        // given
        String id = id("pause");
        events.send(request(id).build());
        awaitInstructions(id, "planned p0#1");
        events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);

        // when
        events.command(id, BackfillCommandType.PAUSE, null, null);

        // then
        awaitInstructions(id, "planned p0#1", "PAUSE p0#1");
        awaitState(id, "PAUSED");

        // when: the phase finishes anyway and its slot frees, nothing new is released while paused
        events.stage(id, id + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
        events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);
        awaitInstructions(id, "planned p0#1", "PAUSE p0#1", "PUBLISH p0#1");
        events.progress(id, id + "-p0", 1, PhaseProgressType.PUBLISHED, null);
        assertNothingMore(id, "planned p0#1", "PAUSE p0#1", "PUBLISH p0#1");

        // when
        events.command(id, BackfillCommandType.RESUME, null, null);

        // then
        awaitInstructions(id, "planned p0#1", "PAUSE p0#1", "PUBLISH p0#1", "planned p1#1");
        awaitState(id, "RUNNING");
    }

    @Test
    void resumeTellsPausedPhasesToContinue() {
        // given
        String id = id("resume");
        events.send(request(id).build());
        awaitInstructions(id, "planned p0#1");
        events.command(id, BackfillCommandType.PAUSE, null, null);
        awaitInstructions(id, "planned p0#1", "PAUSE p0#1");

        // when
        events.command(id, BackfillCommandType.RESUME, null, null);

        // then
        awaitInstructions(id, "planned p0#1", "PAUSE p0#1", "RESUME p0#1");
    }

    @Test
    void cancelAbortsRunningPhasesAndDiscardsALateStagedOne() throws InterruptedException {
        // given
        String id = id("cancel");
        events.send(request(id).build());
        awaitInstructions(id, "planned p0#1");
        events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);

        // when
        events.command(id, BackfillCommandType.CANCEL, null, null);

        // then
        awaitInstructions(id, "planned p0#1", "ABORT p0#1");
        awaitState(id, "CANCELLED");
        assertThat(out.commands(id).get(0).getReason()).contains("cancelled by bob");

        // when: staging raced the abort
        events.progress(id, id + "-p0", 1, PhaseProgressType.STAGED, null);

        // then: cleaned up, never published
        awaitInstructions(id, "planned p0#1", "ABORT p0#1", "DISCARD p0#1");
        assertNothingMore(id, "planned p0#1", "ABORT p0#1", "DISCARD p0#1");
    }

    @Test
    void canaryRunsTheFirstPhaseAloneAndTheRestAfterItsGateAndAnApproval() throws InterruptedException {
        // given
        String id = id("canary");
        events.send(request(id)
                .setRolloutMode(RolloutMode.CANARY)
                .setRequireApproval(true)
                .setBudget(Budget.newBuilder().setMaxPhasesInFlight(5).build())
                .build());
        awaitInstructions(id, "planned p0#1");
        assertNothingMore(id, "planned p0#1");

        // when
        events.stage(id, id + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
        events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);

        // then
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1");
        awaitState(id, "AWAITING_APPROVAL");
        assertNothingMore(id, "planned p0#1", "PUBLISH p0#1");

        // when
        events.command(id, BackfillCommandType.APPROVE, null, null);

        // then
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1");
        awaitState(id, "RUNNING");
    }

    @Test
    void rollsBackOnePartitionOnePhaseOrTheWholeBackfill() throws InterruptedException {
        // given: p0 published, p1 staged
        String id = id("rollback");
        events.send(request(id).build());
        awaitInstructions(id, "planned p0#1");
        events.stage(id, id + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
        events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1");
        events.progress(id, id + "-p0", 1, PhaseProgressType.PUBLISHED, null);
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1");

        // when: one partition
        events.command(id, BackfillCommandType.ROLLBACK, null, "2026-03-02");
        // then
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "ROLLBACK p0#1 [2026-03-02]");

        // when: one phase
        events.command(id, BackfillCommandType.ROLLBACK, id + "-p0", null);
        // then
        awaitInstructions(
                id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "ROLLBACK p0#1 [2026-03-02]", "ROLLBACK p0#1");
        assertThat(out.state(id)).isEqualTo("RUNNING");

        // when: the whole backfill (p1 still running is aborted, p0 still PUBLISHED is rolled back)
        events.command(id, BackfillCommandType.ROLLBACK, null, null);

        // then (the ABORT of p1 and the ROLLBACK of p0 go out in one step, to two partitions: no order between them)
        rig.awaitInstructionsPerPhase(
                id,
                WAIT,
                "planned p0#1",
                "PUBLISH p0#1",
                "planned p1#1",
                "ROLLBACK p0#1 [2026-03-02]",
                "ROLLBACK p0#1",
                "ABORT p1#1",
                "ROLLBACK p0#1");
        awaitState(id, "ROLLED_BACK");
        rig.assertNothingMorePerPhase(
                id,
                WAIT,
                "planned p0#1",
                "PUBLISH p0#1",
                "planned p1#1",
                "ROLLBACK p0#1 [2026-03-02]",
                "ROLLBACK p0#1",
                "ABORT p1#1",
                "ROLLBACK p0#1");
    }

    @Test
    void queuesABackfillOverlappingALiveOneOnTheSameTableUntilItEnds() throws InterruptedException {
        // given
        String first = id("first");
        String second = id("second");
        String table = table();
        events.send(Events.request(WAREHOUSE, first, POSTGRES.schemaName(), table, "2026-03-01", "2026-03-05")
                .build());
        awaitInstructions(first, "planned p0#1");

        // when
        events.send(Events.request(WAREHOUSE, second, POSTGRES.schemaName(), table, "2026-03-02", "2026-03-03")
                .build());

        // then
        awaitState(second, "QUEUED");
        assertThat(out.status(second).orElseThrow().getQueuedBehind()).isEqualTo(first);
        assertNothingMore(second);

        // when
        events.command(first, BackfillCommandType.CANCEL, null, null);

        // then
        awaitInstructions(second, "planned p0#1");
    }
}
