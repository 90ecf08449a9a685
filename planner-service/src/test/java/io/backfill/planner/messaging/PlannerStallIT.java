package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A planner loop stuck past its bound turns readiness DOWN and says on what; it turns UP again once the
 * loop moves. The loop is held up for real: its warehouse does not answer (a PostgreSQL URL on a port
 * nobody listens on), so validating a request waits and retries for several seconds before the record
 * goes to the DLQ, far longer than the one-second bound given here.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerStallIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String WAREHOUSE = "it-stall";

    static PlannerRig rig;
    static Warehouse unreachable;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(broker, registry, POSTGRES, "planner-stall-it");
        unreachable = new WarehouseLocation("jdbc:postgresql://127.0.0.1:" + closedPort() + "/test", "postgres", "")
                .open(WarehouseSettings.of("public", Set.of("public")));
    }

    @AfterAll
    static void stop() {
        try {
            unreachable.close();
        } finally {
            rig.close();
        }
    }

    @Test
    void readinessTurnsDownWhileTheLoopIsStuckPastItsBoundAndSaysOnWhat() {
        // given: a ready planner whose loop may not go without an iteration for more than a second
        String id = "stall-" + UUID.randomUUID().toString().substring(0, 8);
        PlannerNode planner = rig.node(
                new RequestIntake(unreachable, PlannerRig.TWO_PARTITION_PHASES)::assess,
                PlannerRig.settings(WAREHOUSE, "planner-stall-" + UUID.randomUUID(), Duration.ofSeconds(1)));
        planner.start();
        try {
            assertThat(planner.health().ready()).isTrue();

            // when: a request arrives that cannot be validated while the warehouse is away
            rig.events.send(Events.request(WAREHOUSE, id, "public", "sales", "2026-03-01", "2026-03-05")
                    .build());

            // then: readiness goes DOWN, naming what the loop is stuck on
            await().atMost(WAIT).untilAsserted(() -> {
                PlannerNode.Health health = planner.health();
                assertThat(health.ready()).isFalse();
                assertThat(health.reason())
                        .startsWith("no planner loop iteration for")
                        .contains("(bound 1 s)")
                        .contains("backfill " + id);
            });

            // and UP again once the loop gave up on that record (parked with the reason) and moved on
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(rig.out.deadLetters)
                            .filteredOn(dead -> id.equals(dead.key()))
                            .singleElement()
                            .satisfies(dead -> assertThat(dead.reason()).contains("warehouse unavailable")));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(planner.health().ready()).isTrue());
        } finally {
            planner.close();
        }
    }

    /** A port nothing listens on: bound for a moment, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
