package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.AlertType;
import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillRequested;
import io.backfill.events.GateOutcome;
import io.backfill.events.LoadSample;
import io.backfill.events.PartitionOutcome;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.Requester;
import io.backfill.events.topics.Topics;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.projection.LoadBreachWatch;
import io.backfill.planner.history.HistoryEvent;
import io.backfill.planner.history.HistoryFeed;
import io.backfill.planner.history.HistoryIndex;
import io.backfill.planner.load.LoadTimeline;
import io.backfill.planner.load.WarehouseLoadFeed;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the planner tells people, over the real broker, registry and PostgreSQL: the audit history rebuilt
 * from the topics (and rebuilt again after a restart), DEADLINE_AT_RISK, STUCK_PHASE and LOAD_BREACH on
 * {@code backfill-alerts}, and the load picture in the status. The test plays users, executors, the
 * validator and the load sampler.
 *
 * <p>Plans: 4 daily partitions, at most 2 per phase → p0 (03-01, 03-02) and p1 (03-03, 03-04).
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerObservabilityIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String WAREHOUSE = "it-observe-" + UUID.randomUUID().toString().substring(0, 6);
    static final AtomicInteger TABLES = new AtomicInteger();

    static PlannerRig rig;
    static PlannerNode planner;
    static LoadTimeline load;
    static WarehouseLoadFeed loadFeed;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(broker, registry, POSTGRES, "planner-observe-it");
        load = new LoadTimeline(Duration.ofMinutes(10), 1000);
        loadFeed = new WarehouseLoadFeed(rig.kafka, WAREHOUSE, load);
        loadFeed.start();
        // Phases count as stuck after 3 s of silence; breaches after 1.5 s above pressure 0.8.
        planner = rig.node(
                        new RequestIntake(rig.warehouse, PlannerRig.TWO_PARTITION_PHASES)::assess,
                        new PlannerNode.Settings(
                                "planner-observe-" + UUID.randomUUID(),
                                WAREHOUSE,
                                Duration.ofMillis(100),
                                new Planner.Settings(100, Duration.ofMinutes(10), Duration.ofSeconds(3)),
                                Duration.ofSeconds(30)))
                .observeLoad(load::latest, new LoadBreachWatch.Settings(0.8, null, Duration.ofMillis(1500)));
        planner.start();
    }

    @AfterAll
    static void stop() {
        try {
            planner.close();
            loadFeed.close();
        } finally {
            rig.close();
        }
    }

    static String table() {
        String name = "obs_" + TABLES.incrementAndGet();
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

    static List<BackfillAlert> alerts(String id, AlertType type) {
        return rig.out.alerts.stream()
                .filter(a -> a.getBackfillId().equals(id) && a.getType() == type)
                .toList();
    }

    // ---- history --------------------------------------------------------------------------------

    @Test
    void historyListsEveryEventAboutABackfillInOrderAndIsRebuiltTheSameFromTheTopicsAfterARestart() throws Exception {
        // given: a backfill asked for by alice, staged, gated, published, then paused by bob
        String id = id("hist");
        rig.events.send(request(id)
                .setRequester(Requester.newBuilder()
                        .setUser("alice")
                        .setSource("cli")
                        .setReason("fix currency conversion")
                        .build())
                .build());
        rig.awaitInstructions(id, WAIT, "planned p0#1");
        rig.events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);
        rig.events.partitionStaged(id, id + "-p0", 1, "2026-03-01", 120, 300, 0.25);
        rig.events.partitionStaged(id, id + "-p0", 1, "2026-03-02", 80, 200, 0.5);
        rig.events.progress(id, id + "-p0", 1, PhaseProgressType.STAGED, null);
        rig.events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);
        rig.awaitInstructions(id, WAIT, "planned p0#1", "PUBLISH p0#1");
        rig.publisher.publishAndWait(Topics.PHASE_PROGRESS, id, published(id, id + "-p0"));
        rig.awaitInstructions(id, WAIT, "planned p0#1", "PUBLISH p0#1", "planned p1#1");
        rig.events.command(id, BackfillCommandType.PAUSE, null, null);
        rig.awaitState(id, WAIT, "PAUSED");

        // when: the history is built from the topics
        HistoryIndex index = new HistoryIndex(1000, 100_000);
        List<HistoryEvent> events;
        try (HistoryFeed feed = new HistoryFeed(rig.kafka, index)) {
            feed.start();
            assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
            events = index.page(id, 0, 1000).orElseThrow().events();
        }

        // then: every event, in the order it happened, with who and the values
        assertThat(events)
                .extracting(HistoryEvent::type)
                .containsSubsequence(
                        "REQUESTED",
                        "PLANNED",
                        "RELEASED",
                        "RUNNING",
                        "PHASE_STARTED",
                        "STAGED",
                        "STAGED",
                        "PHASE_STAGED",
                        "GATE_COMMIT",
                        "INSTRUCTED",
                        "PUBLISHED",
                        "RELEASED",
                        "COMMAND",
                        "PAUSED");
        assertThat(events.getFirst()).satisfies(e -> {
            assertThat(e.type()).isEqualTo("REQUESTED");
            assertThat(e.who()).isEqualTo("alice");
            assertThat(e.summary()).contains("alice requested PUBLISH").contains("fix currency conversion");
            assertThat(e.details()).containsEntry("reason", "fix currency conversion");
        });
        assertThat(events).filteredOn(e -> e.type().equals("STAGED")).first().satisfies(e -> {
            assertThat(e.partition()).isEqualTo("2026-03-01");
            assertThat(e.phaseId()).isEqualTo(id + "-p0");
            assertThat(e.details())
                    .containsEntry("executor", "executor-test")
                    .containsEntry("rows", 120L)
                    .containsEntry("computeSeconds", 0.25);
        });
        assertThat(events)
                .filteredOn(e -> e.type().equals("PUBLISHED"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.summary()).contains("2 partitions, 2 changed");
                    assertThat(e.details().get("checksums").toString())
                            .contains("2026-03-01")
                            .contains("sum-0301");
                });
        assertThat(events)
                .filteredOn(e -> e.type().equals("COMMAND"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.who()).isEqualTo("bob");
                    assertThat(e.details()).containsEntry("command", "PAUSE");
                });
        assertThat(events).extracting(HistoryEvent::at).isSorted();
        assertThat(events)
                .filteredOn(e -> e.type().equals("PLANNED"))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.details()).containsEntry("phaseCount", 2).containsEntry("partitionsTotal", 4));

        // and: a planner restarted (a new node, a new feed) rebuilds the same history from the topics
        planner.close();
        planner = restartedPlanner();
        planner.start();
        HistoryIndex again = new HistoryIndex(1000, 100_000);
        try (HistoryFeed feed = new HistoryFeed(rig.kafka, again)) {
            feed.start();
            assertThat(feed.awaitCaughtUp(WAIT)).isTrue();
            assertThat(again.page(id, 0, 1000).orElseThrow().events()).startsWith(events.toArray(HistoryEvent[]::new));
        }
        assertThat(again.page("nobody-" + id, 0, 10)).isEmpty();
    }

    static PlannerNode restartedPlanner() {
        return rig.node(
                        new RequestIntake(rig.warehouse, PlannerRig.TWO_PARTITION_PHASES)::assess,
                        new PlannerNode.Settings(
                                "planner-observe-" + UUID.randomUUID(),
                                WAREHOUSE,
                                Duration.ofMillis(100),
                                new Planner.Settings(100, Duration.ofMinutes(10), Duration.ofSeconds(3)),
                                Duration.ofSeconds(30)))
                .observeLoad(load::latest, new LoadBreachWatch.Settings(0.8, null, Duration.ofMillis(1500)));
    }

    static PhaseProgress published(String id, String phaseId) {
        return PhaseProgress.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(id)
                .setPhaseId(phaseId)
                .setAttempt(1)
                .setExecutorId("executor-test")
                .setType(PhaseProgressType.PUBLISHED)
                .setPartitionOutcomes(List.of(
                        new PartitionOutcome("2026-03-01", 3L, 120L, "old-0301", "sum-0301", true),
                        new PartitionOutcome("2026-03-02", 3L, 80L, "old-0302", "sum-0302", true)))
                .setOccurredAt(Instant.now())
                .build();
    }

    // ---- alerts ---------------------------------------------------------------------------------

    @Test
    void raisesDeadlineAtRiskOnBackfillAlertsWhenTheObservedRateCannotMeetTheDeadline() {
        // given: a backfill due in 10 minutes
        String id = id("late");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        rig.events.send(request(id).setDeadline(deadline).build());
        rig.awaitInstructions(id, WAIT, "planned p0#1");

        // when: its first partition took an hour to stage (3 more to go)
        rig.events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);
        rig.events.partitionStaged(
                id, id + "-p0", 1, "2026-03-01", 10, Duration.ofHours(1).toMillis(), 3600);

        // then: one DEADLINE_AT_RISK with the projection and the deadline
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(alerts(id, AlertType.DEADLINE_AT_RISK))
                        .singleElement()
                        .satisfies(a -> {
                            assertThat(a.getDeadline())
                                    .isEqualTo(deadline.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                            assertThat(a.getProjectedFinish()).isAfter(deadline);
                            assertThat(a.getMessage()).contains("after its deadline");
                        }));
        // and it stays one while the projection stays late
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(alerts(id, AlertType.DEADLINE_AT_RISK)).hasSize(1));
    }

    @Test
    void raisesStuckPhaseOnBackfillAlertsWhenAReleasedPhaseFallsSilent() {
        // given
        String id = id("stuck");
        rig.events.send(request(id).build());
        rig.awaitInstructions(id, WAIT, "planned p0#1");

        // when: the executor starts the phase, then says nothing more
        rig.events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);

        // then: one STUCK_PHASE naming the phase, after the 3 s bound
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(alerts(id, AlertType.STUCK_PHASE))
                        .singleElement()
                        .satisfies(a -> {
                            assertThat(a.getPhaseId()).isEqualTo(id + "-p0");
                            assertThat(a.getMessage()).contains("with no progress since");
                        }));
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(alerts(id, AlertType.STUCK_PHASE)).hasSize(1));
    }

    @Test
    void raisesLoadBreachOncePerSustainedBreachForARunningBackfillAndTheStatusCarriesTheLoad() {
        // given: a running backfill
        String id = id("load");
        rig.events.send(request(id).build());
        rig.awaitInstructions(id, WAIT, "planned p0#1");
        rig.events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);

        // when: the warehouse stays at pressure 0.95 for 3 s (samples every 250 ms)
        sendLoad(0.95, 3.2, Duration.ofSeconds(3));

        // then: one LOAD_BREACH with the values
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(alerts(id, AlertType.LOAD_BREACH))
                        .singleElement()
                        .satisfies(a -> assertThat(a.getMessage())
                                .contains("pressure 0.95")
                                .contains("limit 0.80")
                                .contains("latency ratio 3.20×")
                                .contains("admitted budget 0.50")));
        // and the status shows the load picture once the planner writes it again
        rig.events.partitionStaged(id, id + "-p0", 1, "2026-03-01", 10, 100, 0.1);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(rig.out.status(id)).hasValueSatisfying(s -> {
                    assertThat(s.getLoadPressure()).isEqualTo(0.95);
                    assertThat(s.getLoadLatencyRatio()).isEqualTo(3.2);
                    assertThat(s.getLoadAdmittedBudget()).isEqualTo(0.5);
                    assertThat(s.getLoadSampledAt()).isNotNull();
                }));

        // when: the load recovers, then breaches again
        sendLoad(0.3, 1.0, Duration.ofMillis(500));
        assertThat(alerts(id, AlertType.LOAD_BREACH)).hasSize(1);
        sendLoad(0.99, 2.0, Duration.ofSeconds(3));

        // then: a second episode, a second alert
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(alerts(id, AlertType.LOAD_BREACH)).hasSize(2));
    }

    /** Samples every 250 ms for {@code lasting}, as a load sampler would: canary ratio and budget included. */
    static void sendLoad(double pressure, double latencyRatio, Duration lasting) {
        Instant end = Instant.now().plus(lasting);
        while (Instant.now().isBefore(end)) {
            LoadSample sample = LoadSample.newBuilder()
                    .setWarehouseId(WAREHOUSE)
                    .setSampledAt(Instant.now())
                    .setPressure(pressure)
                    .setCanaryLatencyMillis(10 * latencyRatio)
                    .setCanaryBaselineMillis(10.0)
                    .setAdmittedBudget(0.5)
                    .build();
            rig.publisher.publishAndWait(Topics.WAREHOUSE_LOAD, WAREHOUSE, sample);
            try {
                Thread.sleep(250); // the sampler's own period: samples must be spread in time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
