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
 * Exactly one active planner per warehouse, on a real broker: two planners of one warehouse run at
 * once (a second replica, a rolling update gone wrong). The one started last fences the other through
 * their shared transactional id; the older one stops and says so in its readiness; no phase is released
 * twice, and the survivor carries the backfill to the end.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerFencingIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String WAREHOUSE = "it-fencing";

    static PlannerRig rig;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(
                broker,
                registry,
                POSTGRES,
                "planner-fencing-it",
                "CREATE TABLE sales (sale_date date NOT NULL, amount numeric)");
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void theNewerOfTwoPlannersFencesTheOlderAndNoPhaseIsReleasedTwice() {
        // given: a planner that released the first phase of a three-phase backfill
        String id = "fenced-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "planner-fencing-" + UUID.randomUUID();
        PlannerNode older = rig.node(WAREHOUSE, group, new SimpleMeterRegistry());
        older.start();
        PlannerNode newer = null;
        try {
            rig.events.send(Events.request(WAREHOUSE, id, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-07")
                    .build());
            rig.awaitInstructions(id, WAIT, "planned p0#1");

            // when: a second planner of the same warehouse starts while the first still runs
            newer = rig.node(WAREHOUSE, group, new SimpleMeterRegistry());
            newer.start();

            // then: the older one learns it was fenced and is no longer ready, saying why
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(older.health().reason()).contains("fenced by a newer instance"));
            assertThat(older.health().ready()).isFalse();
            assertThat(newer.health().ready()).isTrue();

            // and both see the rest of the backfill happen, but only the survivor acts on it, once
            rig.events.stage(id, id + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
            rig.events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);
            rig.awaitInstructions(id, WAIT, "planned p0#1", "PUBLISH p0#1");
            rig.events.progress(id, id + "-p0", 1, PhaseProgressType.PUBLISHED, null);
            rig.awaitInstructions(id, WAIT, "planned p0#1", "PUBLISH p0#1", "planned p1#1");
            rig.events.stage(id, id + "-p1", 1, List.of("2026-03-03", "2026-03-04"));
            rig.events.gate(id, id + "-p1", 1, GateOutcome.COMMIT);
            rig.awaitInstructions(id, WAIT, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1");
            rig.events.progress(id, id + "-p1", 1, PhaseProgressType.PUBLISHED, null);
            rig.awaitInstructions(
                    id, WAIT, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1", "planned p2#1");
            rig.events.stage(id, id + "-p2", 1, List.of("2026-03-05", "2026-03-06"));
            rig.events.gate(id, id + "-p2", 1, GateOutcome.COMMIT);
            rig.awaitInstructions(
                    id,
                    WAIT,
                    "planned p0#1",
                    "PUBLISH p0#1",
                    "planned p1#1",
                    "PUBLISH p1#1",
                    "planned p2#1",
                    "PUBLISH p2#1");
            rig.events.progress(id, id + "-p2", 1, PhaseProgressType.PUBLISHED, null);
            rig.awaitState(id, WAIT, "COMPLETED");
            rig.assertNothingMore(
                    id,
                    WAIT,
                    "planned p0#1",
                    "PUBLISH p0#1",
                    "planned p1#1",
                    "PUBLISH p1#1",
                    "planned p2#1",
                    "PUBLISH p2#1");
            assertThat(newer.health().ready()).isTrue();
            assertThat(older.health().ready()).isFalse();
        } finally {
            older.close();
            if (newer != null) {
                newer.close();
            }
        }
    }
}
