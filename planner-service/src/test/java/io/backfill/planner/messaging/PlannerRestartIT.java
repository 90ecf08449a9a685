package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseProgressType;
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
 * A planner stopped mid-backfill and started again rebuilds its state from Kafka: it releases no
 * phase twice and loses none, and turns a gate decision that arrived while it was down into exactly
 * one publish. Three phases: p0 (03-01, 03-02), p1 (03-03, 03-04), p2 (03-05, 03-06).
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerRestartIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String WAREHOUSE = "it-restart";

    static PlannerRig rig;
    static Events events;
    static TopicRecorder out;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(
                broker,
                registry,
                POSTGRES,
                "planner-restart-it",
                "CREATE TABLE sales (sale_date date NOT NULL, amount numeric)");
        events = rig.events;
        out = rig.out;
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void aRestartedPlannerNeitherReleasesAPhaseTwiceNorLosesOne() throws InterruptedException {
        // given: a planner that released p0, saw it published, released p1 — then stopped
        String id = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "planner-restart-" + UUID.randomUUID();
        PlannerNode first = rig.node(WAREHOUSE, group, new SimpleMeterRegistry());
        first.start();
        events.send(Events.request(WAREHOUSE, id, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-07")
                .build());
        awaitInstructions(id, "planned p0#1");
        events.stage(id, id + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
        events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1");
        events.progress(id, id + "-p0", 1, PhaseProgressType.PUBLISHED, null);
        awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1");
        first.close();

        // and while it was down, p1 was staged and passed its gate
        events.stage(id, id + "-p1", 1, List.of("2026-03-03", "2026-03-04"));
        events.gate(id, id + "-p1", 1, GateOutcome.COMMIT);

        // when
        PlannerNode second = rig.node(WAREHOUSE, group, new SimpleMeterRegistry());
        second.start();
        try {
            // then: the decision becomes one publish; p0 and p1 are not released again
            awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1");
            assertThat(second.lastPublished(id).orElseThrow().getState().name()).isEqualTo("RUNNING");

            // and the rebuilt planner carries on with the phase not yet released
            events.progress(id, id + "-p1", 1, PhaseProgressType.PUBLISHED, null);
            awaitInstructions(id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1", "planned p2#1");
            events.stage(id, id + "-p2", 1, List.of("2026-03-05", "2026-03-06"));
            events.gate(id, id + "-p2", 1, GateOutcome.COMMIT);
            awaitInstructions(
                    id, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1", "planned p2#1", "PUBLISH p2#1");
            events.progress(id, id + "-p2", 1, PhaseProgressType.PUBLISHED, null);
            await().atMost(WAIT).untilAsserted(() -> assertThat(out.state(id)).isEqualTo("COMPLETED"));
        } finally {
            second.close();
        }

        // when: a third start without any committed offsets (everything replays as if new)
        PlannerNode third = rig.node(WAREHOUSE, "planner-restart-" + UUID.randomUUID(), new SimpleMeterRegistry());
        third.start();
        try {
            // then: still nothing sent twice, and the rebuilt state is the same
            assertThat(third.lastPublished(id).orElseThrow().getState().name()).isEqualTo("COMPLETED");
            // Several ticks: nothing may be re-released over that stretch.
            await().during(Duration.ofMillis(600))
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(out.instructions(id))
                            .containsExactly(
                                    "planned p0#1",
                                    "PUBLISH p0#1",
                                    "planned p1#1",
                                    "PUBLISH p1#1",
                                    "planned p2#1",
                                    "PUBLISH p2#1"));
        } finally {
            third.close();
        }
    }

    private static void awaitInstructions(String id, String... expected) {
        rig.awaitInstructions(id, WAIT, expected);
    }
}
