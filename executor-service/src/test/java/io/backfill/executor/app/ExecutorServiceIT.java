package io.backfill.executor.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.backfill.testsupport.auth.TestTokens;
import io.backfill.testsupport.monitoring.MonitoringFiles;
import io.backfill.testsupport.quarkus.JwtTestResource;
import io.backfill.testsupport.quarkus.KafkaAndRegistryTestResource;
import io.backfill.testsupport.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged application boots against a real broker, registry and PostgreSQL, with the load
 * sampler role on, and reports itself: readiness, Prometheus metrics, the operator endpoint.
 */
@QuarkusTest
@WithTestResource(KafkaAndRegistryTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(JwtTestResource.class)
class ExecutorServiceIT {

    private static final String VIEWER = TestTokens.basic("viewer", "viewer-pw");
    private static final String OPERATOR = TestTokens.basic("operator", "operator-pw");

    @Test
    void isReadyWhenBrokerRegistryAndWarehouseAreUp() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].data.kafka", equalTo(true))
                .body("checks[0].data.warehouse", equalTo(true));
    }

    @Test
    void exposesAdmissionAndSamplerMetrics() {
        // The sampler role publishes every second; the executor reads its own warehouse's samples back.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when()
                        .get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .body(containsString("backfill_executor_admitted_permits"))
                        .body(containsString("backfill_executor_pauses_total{reason=\"STALE_LOAD_SAMPLE\"}"))
                        // a number, not NaN: the app decoded its own sampler's samples from warehouse-load
                        .body(org.hamcrest.Matchers.matchesPattern("(?s).*\\nbackfill_executor_pressure [0-9].*"))
                        .body(containsString("backfill_load_sampler_pressure{warehouse=\"quarkus-test\"}")));
    }

    @Test
    void exportsEveryExecutorMetricTheShippedPrometheusRulesAndGrafanaDashboardUse() {
        // The per-warehouse sampler gauge appears with the sampler's first sample.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = given().when()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(MonitoringFiles.ofRepository().missingFrom(scrape, MonitoringFiles.Exporter.EXECUTOR))
                    .as("executor metrics named in deploy/prometheus and deploy/grafana but not exported")
                    .isEmpty();
        });
    }

    @Test
    void reportsItselfToAViewerAndCanBeDrainedByAnOperator() {
        given().header("Authorization", VIEWER)
                .when()
                .get("/executor")
                .then()
                .statusCode(200)
                .body("executorId", equalTo("executor-quarkus-test"));
        given().header("Authorization", OPERATOR)
                .when()
                .post("/executor/drain")
                .then()
                .statusCode(200)
                .body("pauseReason", equalTo("COMMAND"));
        given().header("Authorization", TestTokens.shared().bearer("ops-bot", "operator"))
                .when()
                .post("/executor/undrain")
                .then()
                .statusCode(200)
                .body("pauseReason", org.hamcrest.Matchers.not(equalTo("COMMAND")));
    }

    @Test
    void refusesAnyoneNotSignedInWith401AndAViewerDrainingWith403() {
        given().when().get("/executor").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
        given().when().post("/executor/drain").then().statusCode(401);
        given().header("Authorization", TestTokens.basic("operator", "wrong"))
                .when()
                .post("/executor/drain")
                .then()
                .statusCode(401);
        given().header("Authorization", VIEWER)
                .when()
                .post("/executor/drain")
                .then()
                .statusCode(403);
        given().header("Authorization", TestTokens.shared().bearer("dana", "viewer", "submitter"))
                .when()
                .post("/executor/drain")
                .then()
                .statusCode(403);
        given().header("Authorization", VIEWER)
                .when()
                .get("/executor")
                .then()
                .statusCode(200)
                .body("pauseReason", org.hamcrest.Matchers.not(equalTo("COMMAND")));
    }
}
