package io.backfill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backfill.warehouse.Checksum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Write-audit-publish: a transformation that corrupts data never reaches the target. */
@ExtendWith(E2eClusterExtension.class)
class GateRejectionIT {

    @Test
    void corruptingTransformationIsRejectedAtTheGateAndTheTargetIsUntouched(E2eCluster cluster) throws Exception {
        // given
        cluster.createTarget("revenue_corrupt");
        Map<String, Checksum> before = cluster.warehouse.checksums("revenue_corrupt", "2026-01-01", "2026-02-01");
        String id = Ids.unique("corrupt");
        var request = RequestYaml.backfill(id, "revenue_corrupt")
                .range("2026-01-01", "2026-01-07")
                .sql(Orders.CORRUPTING_SQL)
                .standardChecks()
                .write();

        // when
        assertThat(cluster.cli("submit", request.toString()).exitCode()).isZero();
        E2eCluster.CliRun watched = cluster.cli("watch", id, "--interval", "0.5");

        // then the backfill ends badly (failure policy: no retries) and watch says so with exit code 1
        assertThat(watched.exitCode()).as(watched.out() + watched.err()).isEqualTo(1);
        JsonNode status = cluster.status(id);
        assertThat(status.path("state").asText()).isEqualTo("FAILED");
        assertThat(status.path("partitionsPublished").asInt()).isZero();
        List<String> failedChecks = new ArrayList<>();
        status.path("phases").forEach(p -> p.path("failedChecks").forEach(c -> failedChecks.add(c.asText())));
        assertThat(failedChecks)
                .isNotEmpty()
                .allSatisfy(check -> assertThat(check).startsWith("revenue-present@"));
        assertThat(watched.out()).contains("revenue-present");
        // and not one row of the target changed, and nothing was ever published
        assertThat(cluster.warehouse.checksums("revenue_corrupt", "2026-01-01", "2026-02-01"))
                .isEqualTo(before);
        assertThat(cluster.warehouse.publishCounts(id)).isEmpty();
    }
}
