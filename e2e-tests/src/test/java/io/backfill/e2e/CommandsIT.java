package io.backfill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.backfill.warehouse.Checksum;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PAUSE, RESUME and CANCEL as the README documents them, sent with the CLI to the separate-process
 * services. Partitions take about half a second each here, so there is always something running to stop.
 */
@ExtendWith(E2eClusterExtension.class)
class CommandsIT {

    @Test
    void pauseStopsStagingAtAPartitionBoundaryAndResumeFinishesTheBackfill(E2eCluster cluster) throws Exception {
        // given a slow backfill, one phase at a time, that has started staging
        cluster.createTarget("revenue_pause");
        String expected = cluster.createExpected("revenue_pause");
        String id = Ids.unique("pause");
        var request = RequestYaml.backfill(id, "revenue_pause")
                .range("2026-01-01", "2026-01-10")
                .sql(Orders.slowSql(0.5))
                .maxPhasesInFlight(1)
                .standardChecks()
                .write();
        assertThat(cluster.cli("submit", request.toString()).exitCode()).isZero();
        awaitStaged(cluster, id, 1);

        // when
        E2eCluster.CliRun paused = cluster.cli("pause", id);

        // then the backfill is PAUSED and, once the partition in flight is done, nothing more is staged
        assertThat(paused.exitCode()).isZero();
        assertThat(paused.out()).contains("PAUSE sent for " + id);
        await("PAUSED")
                .atMost(Duration.ofSeconds(30))
                .until(() -> cluster.state(id).equals("PAUSED"));
        AtomicInteger lastSeen = new AtomicInteger(-1);
        await("staging stands still")
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> lastSeen.getAndSet(staged(cluster, id)) == staged(cluster, id));
        JsonNode whilePaused = cluster.status(id);
        assertThat(whilePaused.path("state").asText()).isEqualTo("PAUSED");
        assertThat(whilePaused.path("partitionsPublished").asInt()).isLessThan(9);

        // when
        E2eCluster.CliRun resumed = cluster.cli("resume", id);
        E2eCluster.CliRun watched = cluster.cli("watch", id, "--interval", "0.5");

        // then it finishes, every partition equal to the recomputation
        assertThat(resumed.exitCode()).isZero();
        assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
        assertThat(cluster.warehouse.checksums("revenue_pause", "2026-01-01", "2026-01-10"))
                .isEqualTo(cluster.warehouse.checksums(expected, "2026-01-01", "2026-01-10"));
        assertThat(cluster.warehouse.publishCounts(id))
                .hasSize(9)
                .containsValues(1)
                .doesNotContainValue(2);
    }

    @Test
    void cancelStopsTheBackfillAndPublishesNothingMore(E2eCluster cluster) throws Exception {
        // given a slow backfill that has started staging
        cluster.createTarget("revenue_cancel");
        String expected = cluster.createExpected("revenue_cancel");
        Map<String, Checksum> before = cluster.warehouse.checksums("revenue_cancel", "2026-01-01", "2026-02-01");
        String id = Ids.unique("cancel");
        var request = RequestYaml.backfill(id, "revenue_cancel")
                .range("2026-01-01", "2026-01-10")
                .sql(Orders.slowSql(0.5))
                .maxPhasesInFlight(1)
                .standardChecks()
                .write();
        assertThat(cluster.cli("submit", request.toString()).exitCode()).isZero();
        awaitStaged(cluster, id, 1);

        // when
        E2eCluster.CliRun cancelled = cluster.cli("cancel", id);
        E2eCluster.CliRun watched = cluster.cli("watch", id, "--interval", "0.5");

        // then the backfill is CANCELLED, which watch reports with exit code 1
        assertThat(cancelled.exitCode()).isZero();
        assertThat(watched.exitCode()).isEqualTo(1);
        assertThat(watched.out()).contains("ended CANCELLED");
        JsonNode status = cluster.status(id);
        assertThat(status.path("partitionsPublished").asInt()).isLessThan(9);
        // and the target holds the backfill's result only in phases published before the cancel, elsewhere
        // its old contents (nothing staged was published afterwards)
        Map<String, Checksum> recomputed = cluster.warehouse.checksums(expected, "2026-01-01", "2026-01-10");
        Map<String, Checksum> allowed = new HashMap<>(before);
        Map<String, Integer> published = cluster.warehouse.publishCounts(id);
        published.keySet().forEach(day -> allowed.put(day, recomputed.get(day)));
        assertThat(published.size())
                .isEqualTo(status.path("partitionsPublished").asInt());
        assertThat(cluster.warehouse.checksums("revenue_cancel", "2026-01-01", "2026-02-01"))
                .isEqualTo(allowed);
    }

    @Test
    void canaryWaitsForApprovalAfterItsFirstPhaseAndApproveLetsTheRestRun(E2eCluster cluster) throws Exception {
        // given a canary backfill that requires approval
        cluster.createTarget("revenue_canary");
        String expected = cluster.createExpected("revenue_canary");
        String id = Ids.unique("canary");
        var request = RequestYaml.backfill(id, "revenue_canary")
                .range("2026-01-01", "2026-01-10")
                .canaryAwaitingApproval()
                .standardChecks()
                .write();
        assertThat(cluster.cli("submit", request.toString()).exitCode()).isZero();

        // when its first phase passes its gate it waits (the state changes with the COMMIT, the publish
        // of that first phase follows), and nothing beyond the first phase is published meanwhile
        await("AWAITING_APPROVAL with the canary phase published")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode status = cluster.status(id);
                    return status != null
                            && status.path("state").asText().equals("AWAITING_APPROVAL")
                            && status.path("partitionsPublished").asInt() == 3;
                });
        assertThat(cluster.warehouse.publishCounts(id)).hasSize(3);

        // and approve lets the rest run to completion
        E2eCluster.CliRun approved = cluster.cli("approve", id);
        E2eCluster.CliRun watched = cluster.cli("watch", id, "--interval", "0.5");

        // then
        assertThat(approved.exitCode()).isZero();
        assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
        assertThat(cluster.warehouse.checksums("revenue_canary", "2026-01-01", "2026-01-10"))
                .isEqualTo(cluster.warehouse.checksums(expected, "2026-01-01", "2026-01-10"));
    }

    @Test
    void commandsForAnUnknownBackfillAndStatusOfOneExitWithDocumentedCodes(E2eCluster cluster) {
        E2eCluster.CliRun unknown = cluster.cli("status", "no-such-backfill");
        E2eCluster.CliRun list = cluster.cli("status");

        assertThat(unknown.exitCode()).isEqualTo(4);
        assertThat(unknown.err()).contains("no backfill no-such-backfill");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).startsWith("BACKFILL");
    }

    @Test
    void submitListsEveryProblemTheRealPlannerFindsInAMalformedRequest(E2eCluster cluster) throws Exception {
        // given
        java.nio.file.Path file = java.nio.file.Files.writeString(
                java.nio.file.Files.createTempFile("malformed", ".yaml"),
                "backfillId: malformed\nrange: {grain: WEEK, start: 2026-01-01, end: 2026-01-08}\npriority: high\n");

        // when
        E2eCluster.CliRun submitted = cluster.cli("submit", file.toString());

        // then
        assertThat(submitted.exitCode()).isEqualTo(2);
        assertThat(submitted.err())
                .contains("the planner refused the request")
                .contains("  - target: missing")
                .contains("  - range.grain: unknown value 'WEEK'")
                .contains("  - priority: expected an integer")
                .contains("  - transformationSql: missing");
    }

    @Test
    void theReadmesWorkedExampleIsReadWholeAndJudgedByThePlannersOwnValidationAtSubmit(E2eCluster cluster) {
        // given the example with every field; its target table does not exist in this warehouse
        String example = java.nio.file.Path.of(
                        System.getProperty("e2e.project.root", ".."), "deploy", "examples", "daily-revenue-fix.yaml")
                .toString();

        // when
        E2eCluster.CliRun submitted = cluster.cli("submit", example);

        // then every field was read (no shape problem), and the planner's validation refuses it at once for
        // what is wrong here, naming it; nothing was published, so there is no backfill
        assertThat(submitted.exitCode()).as(submitted.out()).isEqualTo(2);
        assertThat(submitted.err()).contains("the planner refused the request").contains("daily_revenue");
        assertThat(cluster.cli("status", "daily-revenue-fix-q1").exitCode()).isEqualTo(4);
    }

    private static int staged(E2eCluster cluster, String id) {
        JsonNode status = cluster.status(id);
        return status == null ? 0 : status.path("partitionsStaged").asInt();
    }

    private static void awaitStaged(E2eCluster cluster, String id, int partitions) {
        await("first partitions staged")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> staged(cluster, id) >= partitions);
    }
}
