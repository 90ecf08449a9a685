package io.backfill.planner.app;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.backfill.testsupport.quarkus.KafkaAndRegistryTestResource;
import io.backfill.testsupport.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The packaged planner boots against a real broker, registry and PostgreSQL: it is healthy, accepts a
 * request over REST, shows it through the status view, takes commands, exposes metrics and OpenAPI.
 */
@QuarkusTest
@WithTestResource(KafkaAndRegistryTestResource.class)
@WithTestResource(PostgresTestResource.class)
class PlannerServiceIT {

    @ConfigProperty(name = "test-support.postgres.schema")
    String schema;

    @Test
    void isReadyWhenBrokerRegistryStatusViewAndWarehouseAreUp() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks[0].data.kafka", equalTo(true))
                        .body("checks[0].data.statusView", equalTo(true))
                        .body("checks[0].data.warehouse", equalTo(true)));
    }

    @Test
    void acceptsARequestOverRestShowsItsStatusTakesCommandsAndExportsMetrics() {
        // given
        String id = "rest-" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"backfillId": "%s", "requester": {"user": "alice"},
                 "target": {"schemaName": "%s", "tableName": "no_such_table"},
                 "partitionColumn": "sale_date",
                 "range": {"grain": "DAY", "start": "2026-03-01", "end": "2026-03-03"},
                 "transformationSql": "SELECT 1 WHERE :partition_start < :partition_end",
                 "rolloutMode": "DRY_RUN"}
                """.formatted(id, schema);

        // when
        given().contentType("application/json")
                .body(body)
                .when()
                .post("/backfills")
                .then()
                .statusCode(202)
                .body("backfillId", equalTo(id));

        // then: decided by the planner, shown by the status view
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when()
                        .get("/backfills/" + id)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("REJECTED"))
                        .body("problems", hasItem(containsString("no_such_table"))));
        given().when().get("/backfills").then().statusCode(200).body("backfillId", hasItem(id));
        given().when().get("/backfills/nope-" + id).then().statusCode(404);
        given().header("X-User", "bob")
                .when()
                .post("/backfills/" + id + "/pause")
                .then()
                .statusCode(202)
                .body("command", equalTo("PAUSE"));
        given().when()
                .post("/backfills/" + id + "/rollback?partition=2026-03-01")
                .then()
                .statusCode(202)
                .body("command", equalTo("ROLLBACK"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void answersAMalformedRequestWith400NamingEveryProblem() {
        given().contentType("application/json")
                .body("{\"requester\": {}, \"range\": {\"grain\": \"WEEK\"}, \"priority\": \"high\"}")
                .when()
                .post("/backfills")
                .then()
                .statusCode(400)
                .body(
                        "problems",
                        hasItems(
                                "requester.user: missing",
                                "target: missing",
                                "partitionColumn: missing",
                                "range.grain: unknown value 'WEEK'",
                                "range.start: missing",
                                "range.end: missing",
                                "transformationSql: missing",
                                "priority: expected an integer"));
        given().contentType("application/json")
                .body("{not json")
                .when()
                .post("/backfills")
                .then()
                .statusCode(400)
                .body("problems[0]", containsString("not valid JSON"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/backfills/{id}/rollback"));
    }
}
