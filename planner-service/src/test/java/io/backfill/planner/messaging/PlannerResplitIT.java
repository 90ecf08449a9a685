package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.BackfillStatus;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.PhaseStatus;
import io.backfill.planner.warehouse.RequestIntake;
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
 * Re-splitting from observed cost on a real broker, registry and PostgreSQL, across a planner restart.
 *
 * <p>18 daily partitions of 3 rows; the prior stages 0.3 rows per second (10 s a partition) and phases
 * aim at 60 s, so the intake plan is p0, p1, p2 of 6 partitions each. When p0's partitions take 30 s
 * each, the calibrated cost is 10 × (6 × 3 + 2) / (6 + 2) = 25 s, and the unreleased p1, p2 become
 * p1..p6 of 2 partitions each.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerResplitIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String WAREHOUSE = "it-resplit";

    static PlannerRig rig;
    static Events events;
    static TopicRecorder out;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(
                broker,
                registry,
                POSTGRES,
                "planner-resplit-it",
                "CREATE TABLE sales (sale_date date NOT NULL, amount numeric)",
                "INSERT INTO sales SELECT d::date, 1 FROM generate_series(date '2026-03-01',"
                        + " date '2026-03-18', interval '1 day') d, generate_series(1, 3)");
        events = rig.events;
        out = rig.out;
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    static PlannerNode node(String group) {
        return rig.node(
                WAREHOUSE,
                group,
                new RequestIntake.Settings(Duration.ofSeconds(60), 1, 100, 0.3, 3),
                new SimpleMeterRegistry());
    }

    static List<String> phaseSizes(List<PhaseStatus> phases) {
        return phases.stream()
                .map(p -> p.getPhaseId().substring(p.getPhaseId().lastIndexOf('-') + 1) + ":" + p.getFirstPartition()
                        + "+" + p.getPartitionCount())
                .toList();
    }

    static final List<String> RESPLIT = List.of(
            "p0:2026-03-01+6",
            "p1:2026-03-07+2",
            "p2:2026-03-09+2",
            "p3:2026-03-11+2",
            "p4:2026-03-13+2",
            "p5:2026-03-15+2",
            "p6:2026-03-17+2");

    @Test
    void reSplitsTheUnreleasedPhasesFromObservedSecondsAndKeepsThatPlanOverARestart() throws InterruptedException {
        // given: the intake plan, p0 released
        String id = "resplit-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "planner-resplit-" + UUID.randomUUID();
        PlannerNode first = node(group);
        first.start();
        events.send(Events.request(WAREHOUSE, id, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-19")
                .build());
        awaitInstructions(id, "planned p0#1");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(phaseSizes(out.phasesOf(id)))
                        .containsExactly("p0:2026-03-01+6", "p1:2026-03-07+6", "p2:2026-03-13+6"));

        // when: every partition of p0 took 30 s instead of the 10 s the row counts suggested
        events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);
        for (String day : List.of("01", "02", "03", "04", "05", "06")) {
            events.partitionStaged(id, id + "-p0", 1, "2026-03-" + day, 3, 30_000, 30.0);
        }
        events.progress(id, id + "-p0", 1, PhaseProgressType.STAGED, null);

        // then: the status carries the new plan, p0 untouched, the rest in phases of two
        await().atMost(WAIT).untilAsserted(() -> {
            BackfillStatus status = out.status(id).orElseThrow();
            assertThat(status.getReplans()).isEqualTo(1);
            assertThat(phaseSizes(out.phasesOf(id))).containsExactlyElementsOf(RESPLIT);
        });
        BackfillStatus resplit = out.status(id).orElseThrow();
        assertThat(out.phasesOf(id).get(0).getState()).isEqualTo("STAGED");
        assertThat(out.phasesOf(id).get(1).getEstimatedSeconds())
                .isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(resplit.getPartitionsTotal()).isEqualTo(18);

        // when: p0 passes its gate and is published (an executor publishes only once told to: gate
        // decisions and progress travel on different topics, so the test keeps that order itself)
        events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1");
        events.progress(id, id + "-p0", 1, PhaseProgressType.PUBLISHED, null);

        // then: the next release is the first phase of the new plan
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1");
        assertThat(out.planned(id).get(1).getPartitions()).containsExactly("2026-03-07", "2026-03-08");
        first.close();

        // when: a new planner rebuilds from Kafka
        PlannerNode second = node(group);
        second.start();
        try {
            // then: same plan, nothing released twice
            BackfillStatus rebuilt = second.lastPublished(id).orElseThrow();
            assertThat(phaseSizes(second.lastPublishedPhases(id))).containsExactlyElementsOf(RESPLIT);
            assertThat(rebuilt.getReplans()).isEqualTo(1);
            assertThat(second.lastPublishedPhases(id).get(1).getState()).isEqualTo("RELEASED");
            await().during(Duration.ofMillis(600))
                    .atMost(WAIT)
                    .untilAsserted(() -> assertThat(out.instructions(id))
                            .containsExactly("planned p0#1", "PUBLISH p0#1", "planned p1#1"));

            // and it carries on along the new plan (observations close to the estimate: no further re-split)
            events.progress(id, id + "-p1", 1, PhaseProgressType.STARTED, null);
            events.partitionStaged(id, id + "-p1", 1, "2026-03-07", 3, 25_000, 25.0);
            events.partitionStaged(id, id + "-p1", 1, "2026-03-08", 3, 25_000, 25.0);
            events.progress(id, id + "-p1", 1, PhaseProgressType.STAGED, null);
            events.gate(id, id + "-p1", 1, GateOutcome.COMMIT);
            awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1");
            events.progress(id, id + "-p1", 1, PhaseProgressType.PUBLISHED, null);
            awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1", "planned p2#1");
            assertThat(out.planned(id).get(2).getPartitions()).containsExactly("2026-03-09", "2026-03-10");
            assertThat(out.status(id).orElseThrow().getReplans()).isEqualTo(1);
            assertThat(out.phasesOf(id))
                    .extracting(PhaseStatus::getPartitionCount)
                    .containsExactly(6, 2, 2, 2, 2, 2, 2);
        } finally {
            second.close();
        }
    }

    private static void awaitInstructions(String id, String... expected) {
        rig.awaitInstructions(id, WAIT, expected);
    }
}
