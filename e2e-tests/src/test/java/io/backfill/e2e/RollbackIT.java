package io.backfill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.warehouse.Checksum;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rollback restores the previous contents exactly: one partition, then the whole backfill. */
@ExtendWith(E2eClusterExtension.class)
class RollbackIT {

    private static final String TABLE = "revenue_rollback";

    @Test
    void rollingBackAPartitionAndThenTheBackfillRestoresThePreBackfillChecksums(E2eCluster cluster) throws Exception {
        // given a published backfill
        cluster.createTarget(TABLE);
        String expected = cluster.createExpected(TABLE);
        Map<String, Checksum> before = cluster.warehouse.checksums(TABLE, "2026-01-01", "2026-02-01");
        Map<String, Checksum> recomputed = cluster.warehouse.checksums(expected, "2026-01-01", "2026-01-07");
        String id = Ids.unique("rollback");
        var request = RequestYaml.backfill(id, TABLE)
                .range("2026-01-01", "2026-01-07")
                .standardChecks()
                .write();
        assertThat(cluster.cli("submit", request.toString()).exitCode()).isZero();
        assertThat(cluster.cli("watch", id, "--interval", "0.5").exitCode()).isZero();
        assertThat(cluster.warehouse.checksums(TABLE, "2026-01-01", "2026-01-07"))
                .isEqualTo(recomputed);

        // when one partition is rolled back
        assertThat(cluster.cli("rollback", id, "--partition", "2026-01-02").exitCode())
                .isZero();

        // then that partition holds its old contents again and the others keep the backfill's
        Map<String, Checksum> partlyRolledBack = new HashMap<>(recomputed);
        partlyRolledBack.put("2026-01-02", before.get("2026-01-02"));
        await("partition 2026-01-02 rolled back")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(cluster.warehouse.checksums(TABLE, "2026-01-01", "2026-01-07"))
                        .isEqualTo(partlyRolledBack));

        // when the whole backfill is rolled back
        assertThat(cluster.cli("rollback", id).exitCode()).isZero();

        // then the backfill is ROLLED_BACK and the table equals its pre-backfill self, checksum for checksum
        await("backfill rolled back")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.state(id).equals("ROLLED_BACK"));
        assertThat(cluster.warehouse.checksums(TABLE, "2026-01-01", "2026-02-01"))
                .isEqualTo(before);
        assertThat(cluster.warehouse.logCounts(id, "ROLLBACK"))
                .containsOnlyKeys(recomputed.keySet())
                .allSatisfy((day, count) -> assertThat(count).as(day).isEqualTo(1));

        // and the audit history, rebuilt by the planner from the topics, tells it all in order through the CLI
        E2eCluster.CliRun history = cluster.cli("history", id);
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out())
                .containsSubsequence(
                        "REQUESTED",
                        "PLANNED",
                        "RELEASED",
                        "STAGED",
                        "GATE_COMMIT",
                        "INSTRUCTED",
                        "PUBLISHED",
                        "COMMAND ROLLBACK",
                        "ROLLED_BACK")
                .contains("staged 2026-01-02 on executor-");
        E2eCluster.CliRun json = cluster.cli("history", id, "--json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out())
                .contains("\"backfillId\":\"" + id + "\"")
                .contains("\"checksumAfter\"")
                .contains("\"topic\":\"backfill-commands\"");

        // and the planner's status carries the warehouse's load picture from the executors' load sampler
        E2eCluster.CliRun status = cluster.cli("status", id, "--json");
        var load = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(status.out())
                .path("load");
        assertThat(load.path("pressure").isNumber()).as(status.out()).isTrue();
        assertThat(load.path("admittedBudget").isNumber()).as(status.out()).isTrue();
        assertThat(load.path("sampledAt").asText()).endsWith("Z");
    }
}
