package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.GateOutcome;
import io.backfill.events.PartitionStatus;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.PhaseStatus;
import io.backfill.events.RolloutMode;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollout modes that never publish, on a real broker, registry and PostgreSQL: DRY_RUN writes its
 * plan and estimate to backfill-status and releases nothing; SHADOW releases, stages and gates every
 * phase and turns each COMMIT into a DISCARD. The test plays executors and the validator. Plans: 4
 * daily partitions, at most 2 per phase: p0 (03-01, 03-02) and p1 (03-03, 03-04).
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerRolloutIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String WAREHOUSE = "it-rollout";

    static PlannerRig rig;
    static PlannerNode planner;
    static Events events;
    static TopicRecorder out;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(
                broker,
                registry,
                POSTGRES,
                "planner-rollout-it",
                "CREATE TABLE sales (sale_date date NOT NULL, amount numeric)",
                "INSERT INTO sales SELECT d::date, 1 FROM generate_series(date '2026-03-01',"
                        + " date '2026-03-04', interval '1 day') d, generate_series(1, 3)");
        events = rig.events;
        out = rig.out;
        planner = rig.node(WAREHOUSE, "planner-rollout-" + UUID.randomUUID(), new SimpleMeterRegistry());
        planner.start();
    }

    @AfterAll
    static void stop() {
        planner.close();
        rig.close();
    }

    static BackfillRequested request(String id, RolloutMode mode) {
        // One table for both tests: a DRY_RUN ends at once and the SHADOW test runs its backfill to the end,
        // so neither queues behind the other.
        return Events.request(WAREHOUSE, id, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-05")
                .setRolloutMode(mode)
                .build();
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

    static void assertNothingMore(String id, String... expected) {
        rig.assertNothingMore(id, WAIT, expected);
    }

    static List<String> partitionStates(List<PhaseStatus> phases) {
        return phases.stream()
                .flatMap(p -> p.getPartitions().stream())
                .map(p -> p.getPartition() + "=" + p.getState())
                .toList();
    }

    @Test
    void dryRunPublishesThePlanAndItsEstimateAndNeverReleasesAPhase() {
        // given
        String id = id("dry");

        // when
        events.send(request(id, RolloutMode.DRY_RUN));

        // then: the plan and the estimate are the product
        awaitState(id, "COMPLETED");
        BackfillStatus status = out.status(id).orElseThrow();
        assertThat(status.getRolloutMode()).isEqualTo(RolloutMode.DRY_RUN);
        assertThat(out.phasesOf(id))
                .extracting(p ->
                        p.getPhaseId() + "=" + p.getState() + " " + p.getFirstPartition() + ".." + p.getLastPartition())
                .containsExactly(id + "-p0=PLANNED 2026-03-01..2026-03-02", id + "-p1=PLANNED 2026-03-03..2026-03-04");
        assertThat(status.getPartitionsTotal()).isEqualTo(4);
        assertThat(status.getEstimatedSeconds()).isPositive();
        assertThat(out.phasesOf(id))
                .allSatisfy(p -> assertThat(p.getEstimatedSeconds()).isPositive());
        assertThat(status.getProjectedFinish()).isNotNull();
        assertThat(partitionStates(out.phasesOf(id)))
                .containsExactly(
                        "2026-03-01=PLANNED", "2026-03-02=PLANNED", "2026-03-03=PLANNED", "2026-03-04=PLANNED");

        // and nothing ever reaches an executor
        assertNothingMore(id);
        assertThat(out.state(id)).isEqualTo("COMPLETED");
    }

    @Test
    void shadowReleasesAndGatesEveryPhaseButTurnsEachCommitIntoADiscard() {
        // given
        String id = id("shadow");
        events.send(request(id, RolloutMode.SHADOW));
        awaitInstructions(id, "planned p0#1");
        assertThat(out.planned(id).getFirst().getRolloutMode()).isEqualTo(RolloutMode.SHADOW);

        // when: staged and passed its gate
        events.stage(id, id + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
        events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);

        // then: discarded, never published
        awaitInstructions(id, "planned p0#1", "DISCARD p0#1");
        assertThat(out.commands(id).getFirst().getReason()).contains("shadow");
        assertThat(out.commands(id).getFirst().getDecisionId()).isEqualTo(id + "-p0#1");

        // when: the executor confirms; the next phase goes the same way
        events.progress(id, id + "-p0", 1, PhaseProgressType.DISCARDED, null);
        awaitInstructions(id, "planned p0#1", "DISCARD p0#1", "planned p1#1");
        events.stage(id, id + "-p1", 1, List.of("2026-03-03", "2026-03-04"));
        events.gate(id, id + "-p1", 1, GateOutcome.COMMIT);
        awaitInstructions(id, "planned p0#1", "DISCARD p0#1", "planned p1#1", "DISCARD p1#1");
        events.progress(id, id + "-p1", 1, PhaseProgressType.DISCARDED, null);

        // then: complete with every phase validated and nothing in the target
        awaitState(id, "COMPLETED");
        BackfillStatus done = out.status(id).orElseThrow();
        assertThat(done.getPartitionsPublished()).isZero();
        assertThat(out.phasesOf(id)).extracting(PhaseStatus::getState).containsOnly("DISCARDED");
        assertThat(out.phasesOf(id))
                .extracting(PhaseStatus::getDecision)
                .allSatisfy(d -> assertThat(d).startsWith("COMMIT"));
        assertThat(out.phasesOf(id).stream().flatMap(p -> p.getPartitions().stream()))
                .extracting(PartitionStatus::getState)
                .containsOnly("DISCARDED");
        assertNothingMore(id, "planned p0#1", "DISCARD p0#1", "planned p1#1", "DISCARD p1#1");
        assertThat(out.commands(id)).noneMatch(c -> c.getType().name().equals("PUBLISH"));
    }
}
