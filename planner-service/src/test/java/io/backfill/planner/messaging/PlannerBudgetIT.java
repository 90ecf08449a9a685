package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.AlertSeverity;
import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillStatus;
import io.backfill.events.Budget;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseProgressType;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compute budget on a real broker, registry and PostgreSQL: once the compute seconds executors
 * report reach {@code maxComputeSeconds}, running phases are paused, nothing more is released, the
 * backfill is PAUSED with the reason, BUDGET_EXHAUSTED is raised and RESUME is refused. Plan: p0
 * (03-01, 03-02), p1 (03-03, 03-04).
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerBudgetIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String WAREHOUSE = "it-budget";

    static PlannerRig rig;
    static PlannerNode planner;
    static Events events;
    static TopicRecorder out;
    static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(
                broker,
                registry,
                POSTGRES,
                "planner-budget-it",
                "CREATE TABLE sales (sale_date date NOT NULL, amount numeric)");
        events = rig.events;
        out = rig.out;
        planner = rig.node(WAREHOUSE, "planner-budget-" + UUID.randomUUID(), METERS);
        planner.start();
    }

    @AfterAll
    static void stop() {
        planner.close();
        rig.close();
    }

    @Test
    void stopsReleasingPausesAndAlertsWhenTheComputeBudgetIsSpent() {
        // given: a budget of 10 compute seconds, p0 released and running
        String id = "budget-" + UUID.randomUUID().toString().substring(0, 8);
        events.send(Events.request(WAREHOUSE, id, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-05")
                .setBudget(Budget.newBuilder()
                        .setMaxPhasesInFlight(1)
                        .setMaxComputeSeconds(10.0)
                        .build())
                .build());
        awaitInstructions(id, "planned p0#1");
        // the executor gets what is left of the budget as the phase's own cap
        assertThat(out.planned(id).getFirst().getBudget().getMaxComputeSeconds())
                .isEqualTo(10.0);
        events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);
        events.partitionStaged(id, id + "-p0", 1, "2026-03-01", 3, 6_000, 6.0);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(out.status(id).orElseThrow().getComputeSeconds())
                        .isEqualTo(6.0));
        assertThat(out.state(id)).isEqualTo("RUNNING");

        // when: the next partition takes the spend past the budget
        events.partitionStaged(id, id + "-p0", 1, "2026-03-02", 3, 5_000, 5.0);

        // then: the running phase is paused, the backfill PAUSED with the reason, one critical alert
        awaitInstructions(id, "planned p0#1", "PAUSE p0#1");
        await().atMost(WAIT).untilAsserted(() -> {
            BackfillStatus status = out.status(id).orElseThrow();
            assertThat(status.getState().name()).isEqualTo("PAUSED");
            assertThat(status.getStateReason()).startsWith("BUDGET_EXHAUSTED").contains("11.0 of 10");
            assertThat(status.getComputeSeconds()).isEqualTo(11.0);
            assertThat(status.getComputeBudgetSeconds()).isEqualTo(10.0);
        });
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(out.alerts(id)).singleElement().satisfies(alert -> {
                    assertThat(alert.getType().name()).isEqualTo("BUDGET_EXHAUSTED");
                    assertThat(alert.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
                    assertThat(alert.getMessage()).contains("11.0 of 10 compute seconds");
                }));

        // when: the phase, already staged, passes its gate and lands; its slot frees up
        events.progress(id, id + "-p0", 1, PhaseProgressType.STAGED, null);
        events.gate(id, id + "-p0", 1, GateOutcome.COMMIT);
        awaitInstructions(id, "planned p0#1", "PAUSE p0#1", "PUBLISH p0#1");
        events.progress(id, id + "-p0", 1, PhaseProgressType.PUBLISHED, null);

        // and a user tries to resume
        events.command(id, BackfillCommandType.RESUME, null, null);

        // then: refused, and p1 is never released
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(out.status(id).orElseThrow().getAlerts())
                        .anySatisfy(line -> assertThat(line)
                                .contains("command RESUME refused")
                                .contains("budget")));
        await().during(Duration.ofMillis(600))
                .atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(out.instructions(id)).containsExactly("planned p0#1", "PAUSE p0#1", "PUBLISH p0#1"));
        assertThat(out.state(id)).isEqualTo("PAUSED");
        assertThat(METERS.get("backfill_compute_seconds")
                        .tag("backfill", id)
                        .gauge()
                        .value())
                .isEqualTo(11.0);
        assertThat(out.alerts(id))
                .extracting(BackfillAlert::getType)
                .extracting(Enum::name)
                .containsExactly("BUDGET_EXHAUSTED");
    }

    private static void awaitInstructions(String id, String... expected) {
        rig.awaitInstructions(id, WAIT, expected);
    }
}
