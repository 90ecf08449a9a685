package io.backfill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backfill.warehouse.Checksum;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A whole backfill through the separate-process services, submitted and followed with the CLI. */
@ExtendWith(E2eClusterExtension.class)
class PublishIT {

    @Test
    void publishesEveryPartitionAndEachEqualsADirectRecomputation(E2eCluster cluster) throws Exception {
        // given a target computed with the cents bug, and the correct result computed directly
        cluster.createTarget("revenue_publish");
        String expected = cluster.createExpected("revenue_publish");
        Map<String, Checksum> before = cluster.warehouse.checksums("revenue_publish", "2026-01-01", "2026-02-01");
        String id = Ids.unique("publish");
        var request = RequestYaml.backfill(id, "revenue_publish")
                .range("2026-01-01", "2026-01-13")
                .standardChecks()
                .sourceChecks()
                .write();

        // when
        E2eCluster.CliRun submitted = cluster.cli("submit", request.toString());
        E2eCluster.CliRun watched = cluster.cli("watch", id, "--interval", "0.5");

        // then the CLI saw it through
        assertThat(submitted.exitCode()).isZero();
        assertThat(submitted.out()).contains("Submitted backfill " + id);
        assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
        assertThat(watched.out()).contains("published 12/12").contains("ended COMPLETED");
        JsonNode status = cluster.status(id);
        assertThat(status.path("partitionsPublished").asInt()).isEqualTo(12);
        assertThat(status.path("phases")).hasSize(4);
        // and every backfilled partition equals the direct recomputation, the rest of the month is untouched
        Map<String, Checksum> after = cluster.warehouse.checksums("revenue_publish", "2026-01-01", "2026-02-01");
        Map<String, Checksum> recomputed = cluster.warehouse.checksums(expected, "2026-01-01", "2026-01-13");
        recomputed.forEach((day, sum) -> {
            assertThat(after.get(day)).as(day).isEqualTo(sum);
            assertThat(after.get(day)).as(day + " changed").isNotEqualTo(before.get(day));
        });
        after.keySet().stream()
                .filter(day -> !recomputed.containsKey(day))
                .forEach(day -> assertThat(after.get(day)).as(day).isEqualTo(before.get(day)));
        // and each partition was published exactly once
        assertThat(cluster.warehouse.publishCounts(id))
                .containsOnlyKeys(recomputed.keySet())
                .allSatisfy((day, count) -> assertThat(count).as(day).isEqualTo(1));
        // and the CLI's status shows it
        E2eCluster.CliRun shown = cluster.cli("status", id);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).contains("COMPLETED").contains("12 published");
    }
}
