package io.backfill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.testsupport.auth.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing in to the packaged services as the README documents it, with the CLI: the embedded users over Basic,
 * tokens of a trusted issuer, and the exit codes for a caller not signed in (7) or without the role (8). The
 * backfill records who signed in.
 */
@ExtendWith(E2eClusterExtension.class)
class AuthIT {

    @Test
    void eachEmbeddedUserMayDoWhatItsRoleAllowsAndTheBackfillRecordsWhoSubmittedIt(E2eCluster cluster)
            throws Exception {
        // given
        cluster.createTarget("revenue_auth");
        String id = Ids.unique("auth");
        var request = RequestYaml.backfill(id, "revenue_auth")
                .range("2026-01-01", "2026-01-10")
                .sql(Orders.slowSql(0.5))
                .maxPhasesInFlight(1)
                .write();
        Map<String, String> viewer = user(cluster, "viewer");
        Map<String, String> submitter = user(cluster, "submitter");
        Map<String, String> operator = user(cluster, "operator");

        // when / then: a viewer reads but does not submit; a submitter submits but does not command
        assertThat(cluster.cliSignedIn(viewer, "status").exitCode()).isZero();
        E2eCluster.CliRun refused = cluster.cliSignedIn(viewer, "submit", request.toString());
        assertThat(refused.exitCode()).isEqualTo(8);
        assertThat(refused.err()).contains("forbidden: user viewer lacks the role");
        assertThat(cluster.cliSignedIn(submitter, "submit", request.toString()).exitCode())
                .isZero();
        await("the backfill is planned")
                .atMost(Duration.ofSeconds(60))
                .until(() -> !cluster.state(id).equals("UNKNOWN"));
        assertThat(cluster.status(id).path("requester").asText()).isEqualTo("submitter");
        assertThat(cluster.cliSignedIn(submitter, "cancel", id).exitCode()).isEqualTo(8);
        assertThat(cluster.cliSignedIn(operator, "submit", request.toString()).exitCode())
                .isEqualTo(8);

        // and an operator's cancel ends it
        assertThat(cluster.cliSignedIn(operator, "cancel", id).exitCode()).isZero();
        assertThat(cluster.cliSignedIn(operator, "watch", id, "--interval", "0.5")
                        .exitCode())
                .isEqualTo(1);
        assertThat(cluster.state(id)).isEqualTo("CANCELLED");
    }

    @Test
    void noCredentialsAWrongPasswordOrAnExpiredTokenExitSeven(E2eCluster cluster) {
        E2eCluster.CliRun anonymous = cluster.cliSignedIn(Map.of(), "status");
        E2eCluster.CliRun wrong = cluster.cliSignedIn(Map.of("BACKFILL_USER", "operator:guess"), "status");
        E2eCluster.CliRun expired = cluster.cliSignedIn(
                Map.of(
                        "BACKFILL_TOKEN",
                        TestTokens.shared()
                                .token(TestTokens.ISSUER, "e2e", Instant.now().minusSeconds(60), "viewer")),
                "status");

        assertThat(anonymous.exitCode()).isEqualTo(7);
        assertThat(anonymous.err()).contains("--token TOKEN (env BACKFILL_TOKEN) or --user NAME:PASSWORD");
        assertThat(wrong.exitCode()).isEqualTo(7);
        assertThat(wrong.err()).contains("did not accept user operator").doesNotContain("guess");
        assertThat(expired.exitCode()).isEqualTo(7);
    }

    private static Map<String, String> user(E2eCluster cluster, String role) {
        return Map.of("BACKFILL_USER", role + ":" + cluster.password(role));
    }
}
