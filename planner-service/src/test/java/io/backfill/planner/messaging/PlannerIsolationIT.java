package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.AlertType;
import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillStatus;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseProgressType;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An exception nobody foresaw while handling one backfill's request (here the real intake, made to
 * throw for one backfill id the way a rule with a bug would) ends that request REJECTED with the
 * reason and a REQUEST_REJECTED alert, instead of a silent DLQ entry and a 404; a control backfill
 * beside it completes, and a restarted planner reaches the same verdict without alerting again.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerIsolationIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String WAREHOUSE = "it-isolation";

    static PlannerRig rig;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(
                broker,
                registry,
                POSTGRES,
                "planner-isolation-it",
                "CREATE TABLE sales (sale_date date NOT NULL, amount numeric)");
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void anUnexpectedExceptionRejectsThatRequestWithTheReasonWhileTheOthersCarryOn() {
        // given: an intake that throws for one backfill
        String broken = "broken-" + UUID.randomUUID().toString().substring(0, 8);
        String control = "control-" + UUID.randomUUID().toString().substring(0, 8);
        RequestIntake real = new RequestIntake(rig.warehouse, PlannerRig.TWO_PARTITION_PHASES);
        PlannerNode.Intake intake = (request, clock) -> {
            if (request.getBackfillId().equals(broken)) {
                throw new IllegalArgumentException("HOUR grain on a DATE column");
            }
            return real.assess(request, clock);
        };
        String group = "planner-isolation-" + UUID.randomUUID();
        PlannerNode planner = rig.node(intake, PlannerRig.settings(WAREHOUSE, group, Duration.ofSeconds(30)));
        planner.start();
        try {
            // when
            rig.events.send(
                    Events.request(WAREHOUSE, broken, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-05")
                            .build());
            rig.events.send(
                    Events.request(WAREHOUSE, control, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-03")
                            .build());

            // then: REJECTED, saying why, with an alert; nothing in the DLQ
            rig.awaitState(broken, WAIT, "REJECTED");
            BackfillStatus rejected = rig.out.status(broken).orElseThrow();
            assertThat(rejected.getProblems())
                    .singleElement()
                    .asString()
                    .contains("the planner could not handle BackfillRequested")
                    .contains("IllegalArgumentException: HOUR grain on a DATE column");
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(rig.out.alerts(broken))
                            .extracting(BackfillAlert::getType)
                            .containsExactly(AlertType.REQUEST_REJECTED));

            // and the control backfill completes
            rig.awaitInstructions(control, WAIT, "planned p0#1");
            rig.events.stage(control, control + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
            rig.events.gate(control, control + "-p0", 1, GateOutcome.COMMIT);
            rig.awaitInstructions(control, WAIT, "planned p0#1", "PUBLISH p0#1");
            rig.events.progress(control, control + "-p0", 1, PhaseProgressType.PUBLISHED, null);
            rig.awaitState(control, WAIT, "COMPLETED");
            assertThat(rig.out.deadLetters)
                    .filteredOn(dead -> broken.equals(dead.key()) || control.equals(dead.key()))
                    .isEmpty();
        } finally {
            planner.close();
        }

        // when: restarted, it replays the same request and meets the same exception
        PlannerNode restarted = rig.node(intake, PlannerRig.settings(WAREHOUSE, group, Duration.ofSeconds(30)));
        restarted.start();
        try {
            // then: ready, still REJECTED, no second alert
            assertThat(restarted.health().ready()).isTrue();
            await().during(Duration.ofMillis(600)).atMost(WAIT).untilAsserted(() -> {
                assertThat(rig.out.alerts(broken)).hasSize(1);
                assertThat(rig.out.state(broken)).isEqualTo("REJECTED");
                assertThat(restarted.health().ready()).isTrue();
            });
        } finally {
            restarted.close();
        }
    }
}
