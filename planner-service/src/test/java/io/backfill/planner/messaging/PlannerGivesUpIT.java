package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.AlertType;
import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillStatus;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A write that can never succeed ends its backfill, never the planner: on a real broker whose
 * {@code backfill-phases} accepts at most 32 KB per record (the way Kafka's default 1 MB limit once
 * met a 73,000-partition status, before statuses were bounded), a backfill whose transformation SQL
 * is 40 KB cannot have its first phase released. It becomes FAILED with the reason and a PHASE_FAILED
 * alert, a control backfill submitted after it completes, and a restarted planner comes up ready
 * instead of wedging on the same write again.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerGivesUpIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String WAREHOUSE = "it-gives-up";
    static final int PHASES_LIMIT_BYTES = 32 * 1024;

    static KafkaBroker kafka;
    static PlannerRig rig;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        kafka = broker;
        rig = PlannerRig.start(
                broker,
                registry,
                POSTGRES,
                "planner-gives-up-it",
                "CREATE TABLE sales (sale_date date NOT NULL, amount numeric)",
                "INSERT INTO sales SELECT d::date, 1 FROM generate_series(date '2026-03-01', date '2026-03-04',"
                        + " interval '1 day') d");
        limitPhaseRecords(AlterConfigOp.OpType.SET);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            // The broker is shared by every test class of this JVM: give the topic its default back.
            limitPhaseRecords(AlterConfigOp.OpType.DELETE);
        } finally {
            rig.close();
        }
    }

    @Test
    void anInstructionTooLargeToWriteFailsItsBackfillWithAnAlertWhileTheOthersCarryOnAndARestartIsReady()
            throws InterruptedException {
        // given
        String group = "planner-gives-up-" + UUID.randomUUID();
        String huge = "huge-" + UUID.randomUUID().toString().substring(0, 8);
        String control = "control-" + UUID.randomUUID().toString().substring(0, 8);
        PlannerNode first = rig.node(WAREHOUSE, group, new SimpleMeterRegistry());
        first.start();
        try {
            // when: a backfill whose instructions carry 40 KB of SQL, then a small backfill behind it
            String padding = "x".repeat(40 * 1024);
            rig.events.send(Events.request(WAREHOUSE, huge, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-05")
                    .setTransformationSql(
                            "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end -- " + padding)
                    .build());
            rig.events.send(
                    Events.request(WAREHOUSE, control, POSTGRES.schemaName(), "sales", "2026-03-01", "2026-03-05")
                            .build());

            // then: the huge one FAILED, saying why, with a CRITICAL alert
            rig.awaitState(huge, WAIT, "FAILED");
            BackfillStatus failed = rig.out.status(huge).orElseThrow();
            assertThat(failed.getStateReason())
                    .startsWith(Delivery.GIVE_UP_PREFIX)
                    .contains("cannot be written")
                    .contains("RecordTooLargeException");
            assertThat(failed.getPhases()).isEmpty();
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(rig.out.alerts(huge))
                            .extracting(BackfillAlert::getType)
                            .containsExactly(AlertType.PHASE_FAILED));
            assertThat(rig.out.alerts(huge).get(0).getMessage()).contains("RecordTooLargeException");

            // and the control backfill goes all the way
            rig.awaitInstructions(control, WAIT, "planned p0#1");
            rig.events.stage(control, control + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
            rig.events.gate(control, control + "-p0", 1, GateOutcome.COMMIT);
            rig.awaitInstructions(control, WAIT, "planned p0#1", "PUBLISH p0#1");
            rig.events.progress(control, control + "-p0", 1, PhaseProgressType.PUBLISHED, null);
            rig.awaitInstructions(control, WAIT, "planned p0#1", "PUBLISH p0#1", "planned p1#1");
            rig.events.stage(control, control + "-p1", 1, List.of("2026-03-03", "2026-03-04"));
            rig.events.gate(control, control + "-p1", 1, GateOutcome.COMMIT);
            rig.awaitInstructions(control, WAIT, "planned p0#1", "PUBLISH p0#1", "planned p1#1", "PUBLISH p1#1");
            rig.events.progress(control, control + "-p1", 1, PhaseProgressType.PUBLISHED, null);
            rig.awaitState(control, WAIT, "COMPLETED");
            assertThat(first.health().ready()).isTrue();
        } finally {
            first.close();
        }

        // The give-up aborted the phase it had counted as released (its PhasePlanned never went out):
        // whatever was sent then must not be sent again after the restart.
        List<String> sentBeforeRestart = rig.out.instructions(huge);

        // when: the planner restarts and replays the huge request
        PlannerNode second = rig.node(WAREHOUSE, group, new SimpleMeterRegistry());
        second.start();
        try {
            // then: it is ready, the huge backfill stays FAILED, nothing is alerted or sent again
            assertThat(second.health()).isEqualTo(new PlannerNode.Health(true, "following its inputs"));
            assertThat(second.lastPublished(huge).orElseThrow().getState().name())
                    .isEqualTo("FAILED");
            await().during(Duration.ofMillis(600)).atMost(WAIT).untilAsserted(() -> {
                assertThat(rig.out.alerts(huge)).hasSize(1);
                assertThat(rig.out.instructions(huge)).isEqualTo(sentBeforeRestart);
                assertThat(second.health().ready()).isTrue();
            });
            // and the control backfill, queued behind the huge one when it arrived, is rebuilt COMPLETED
            assertThat(second.lastPublished(control).orElseThrow().getState().name())
                    .isEqualTo("COMPLETED");
            assertThat(rig.out.status(control).orElseThrow().getState().name()).isEqualTo("COMPLETED");
            assertThat(rig.out.deadLetters)
                    .filteredOn(dead -> huge.equals(dead.key()) || control.equals(dead.key()))
                    .isEmpty();
        } finally {
            second.close();
        }
    }

    private static void limitPhaseRecords(AlterConfigOp.OpType op) throws Exception {
        ConfigResource phases = new ConfigResource(ConfigResource.Type.TOPIC, Topics.BACKFILL_PHASES.name());
        AlterConfigOp change = new AlterConfigOp(
                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(PHASES_LIMIT_BYTES)), op);
        try (Admin admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(phases, List.of(change))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
