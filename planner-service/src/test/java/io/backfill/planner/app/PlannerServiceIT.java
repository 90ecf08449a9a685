package io.backfill.planner.app;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.planner.messaging.Events;
import io.backfill.testsupport.auth.TestTokens;
import io.backfill.testsupport.quarkus.JwtTestResource;
import io.backfill.testsupport.quarkus.KafkaAndRegistryTestResource;
import io.backfill.testsupport.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The packaged planner boots against a real broker, registry and PostgreSQL: it is healthy, accepts a
 * request over REST, shows it through the status view, takes commands, exposes metrics and OpenAPI. Each
 * call signs in as the embedded user whose role it needs (PlannerAuthIT tests the refusals); health,
 * metrics and OpenAPI are open.
 */
@QuarkusTest
@WithTestResource(KafkaAndRegistryTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(JwtTestResource.class)
class PlannerServiceIT {

    static RequestSpecification asViewer() {
        return given().header("Authorization", TestTokens.basic("viewer", "viewer-pw"));
    }

    static RequestSpecification asSubmitter() {
        return given().header("Authorization", TestTokens.basic("submitter", "submitter-pw"));
    }

    static RequestSpecification asOperator() {
        return given().header("Authorization", TestTokens.basic("operator", "operator-pw"));
    }

    @ConfigProperty(name = "test-support.postgres.schema")
    String schema;

    @ConfigProperty(name = "backfill.warehouse.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "backfill.registry.url")
    String registryUrl;

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
    void acceptsARequestOverRestShowsItsStatusTakesCommandsAndExportsMetrics() throws Exception {
        // given: a target with rows on 2026-03-01..02
        String id = "rest-" + UUID.randomUUID().toString().substring(0, 8);
        String table = salesTable(id);

        // when
        asSubmitter()
                .contentType("application/json")
                .body(request(id, table, "DAY"))
                .when()
                .post("/backfills")
                .then()
                .statusCode(202)
                .body("backfillId", equalTo(id));

        // then: decided by the planner, shown by the status view
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .when()
                        .get("/backfills/" + id)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("RUNNING")));
        asViewer().when().get("/backfills").then().statusCode(200).body("backfillId", hasItem(id));
        asViewer().when().get("/backfills/nope-" + id).then().statusCode(404);
        asOperator()
                .when()
                .post("/backfills/" + id + "/pause")
                .then()
                .statusCode(202)
                .body("command", equalTo("PAUSE"))
                .body("requestedBy", equalTo("operator"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> asViewer().when().get("/backfills/" + id).then().body("state", equalTo("PAUSED")));
        asOperator()
                .when()
                .post("/backfills/" + id + "/resume")
                .then()
                .statusCode(202)
                .body("command", equalTo("RESUME"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void answersARequestThePlannerWouldRejectWith400NamingEveryProblemAndPublishesNothing() throws Exception {
        // given: HOUR partitions of a DATE column (the planner once threw on it), a priority past 100, and a
        // table that does not exist
        String id = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String table = salesTable(id);

        // when / then
        asSubmitter()
                .contentType("application/json")
                .body(request(id, table, "HOUR").replace("\"rolloutMode\"", "\"priority\": 1000, \"rolloutMode\""))
                .when()
                .post("/backfills")
                .then()
                .statusCode(400)
                .body(
                        "problems",
                        contains(
                                "priority: 1000 is outside 0..100",
                                "range.grain: HOUR partitions need a TIMESTAMP or TIMESTAMP WITH TIME ZONE column, but"
                                        + " 'sale_date' of " + schema + "." + table + " is a DATE (use DAY or MONTH)"));
        asSubmitter()
                .contentType("application/json")
                .body(request(id, "no_such_table", "DAY"))
                .when()
                .post("/backfills")
                .then()
                .statusCode(400)
                .body(
                        "problems",
                        contains(containsString("target: table " + schema + ".no_such_table does not exist")));
        asViewer().when().get("/backfills/" + id).then().statusCode(404);
    }

    @Test
    void answersACommandForAnUnknownBackfillWith404AndOneItsStateRefusesWith409() throws Exception {
        // given: a running backfill
        String id = "cmd-" + UUID.randomUUID().toString().substring(0, 8);
        String table = salesTable(id);
        asSubmitter()
                .contentType("application/json")
                .body(request(id, table, "DAY"))
                .when()
                .post("/backfills")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> asViewer().when().get("/backfills/" + id).then().body("state", equalTo("RUNNING")));

        // then
        for (String command : new String[] {"pause", "resume", "cancel", "approve", "rollback"}) {
            asOperator()
                    .when()
                    .post("/backfills/nope-" + id + "/" + command)
                    .then()
                    .statusCode(404)
                    .body("problems", contains("no backfill nope-" + id));
        }
        asOperator()
                .when()
                .post("/backfills/" + id + "/approve")
                .then()
                .statusCode(409)
                .body("state", equalTo("RUNNING"))
                .body("problems", contains("cannot approve backfill " + id + " while it is RUNNING"));
        asOperator()
                .when()
                .post("/backfills/" + id + "/resume")
                .then()
                .statusCode(409)
                .body("problems", contains("cannot resume backfill " + id + " while it is RUNNING"));
        asSubmitter()
                .contentType("application/json")
                .body(request(id, table, "DAY"))
                .when()
                .post("/backfills")
                .then()
                .statusCode(409)
                .body("problems", contains(containsString("backfill " + id + " exists already (it is RUNNING)")));
        asOperator().when().post("/backfills/" + id + "/cancel").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> asViewer().when().get("/backfills/" + id).then().body("state", equalTo("CANCELLED")));
        asOperator()
                .when()
                .post("/backfills/" + id + "/cancel")
                .then()
                .statusCode(409)
                .body("state", equalTo("CANCELLED"));
    }

    /** A PUBLISH request over 2026-03-01..02 of {@code table} by day or hour. */
    private String request(String id, String table, String grain) {
        return """
                {"backfillId": "%s", "requester": {"user": "alice"},
                 "target": {"schemaName": "%s", "tableName": "%s"},
                 "partitionColumn": "sale_date",
                 "range": {"grain": "%s", "start": "2026-03-01", "end": "2026-03-03"},
                 "transformationSql": "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end",
                 "rolloutMode": "PUBLISH"}
                """.formatted(id, schema, table, grain);
    }

    /** A fresh table with a DATE partition column and rows on 2026-03-01..02. */
    private String salesTable(String id) throws Exception {
        String table = "sales_" + id.replace('-', '_');
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl, credentials);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + schema + "." + table + " (sale_date date NOT NULL, amount numeric)");
            s.execute("INSERT INTO " + schema + "." + table + " VALUES (date '2026-03-01', 1), (date '2026-03-02', 1)");
        }
        return table;
    }

    @Test
    void showsEveryPartitionOfAPhaseWithItsStateRowsComputeAndStagingTime() throws Exception {
        // given: a target with rows on 2026-03-01..03, one backfill over it (one phase of three partitions)
        String id = "parts-" + UUID.randomUUID().toString().substring(0, 8);
        String table = "sales_" + id.replace('-', '_');
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl, credentials);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + schema + "." + table + " (sale_date date NOT NULL, amount numeric)");
            s.execute("INSERT INTO " + schema + "." + table + " SELECT d::date, 1 FROM generate_series("
                    + "date '2026-03-01', date '2026-03-03', interval '1 day') d, generate_series(1, 3)");
        }
        asSubmitter()
                .contentType("application/json")
                .body("""
                        {"backfillId": "%s", "requester": {"user": "alice"},
                         "target": {"schemaName": "%s", "tableName": "%s"},
                         "partitionColumn": "sale_date",
                         "range": {"grain": "DAY", "start": "2026-03-01", "end": "2026-03-04"},
                         "transformationSql": "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end",
                         "rolloutMode": "PUBLISH"}
                        """.formatted(id, schema, table))
                .when()
                .post("/backfills")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asViewer()
                        .when()
                        .get("/backfills/" + id)
                        .then()
                        .statusCode(200)
                        .body("phases.state", contains("RELEASED")));
        String phase = id + "-p0";
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, new RegistrySettings(registryUrl, true), "rest-it");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            Events events = new Events(publisher);

            // when: an executor stages the first partition
            events.progress(id, phase, 1, PhaseProgressType.STARTED, null);
            events.partitionStaged(id, phase, 1, "2026-03-01", 3, 1_200, 0.7);

            // then
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> asViewer()
                            .when()
                            .get("/backfills/" + id)
                            .then()
                            .statusCode(200)
                            .body("phases[0].partitions.partition", contains("2026-03-01", "2026-03-02", "2026-03-03"))
                            .body("phases[0].partitions.state", contains("STAGED", "PLANNED", "PLANNED"))
                            .body("phases[0].partitions[0].rows", equalTo(3))
                            .body("phases[0].partitions[0].computeSeconds", equalTo(0.7f))
                            .body("phases[0].partitions[0].durationMillis", equalTo(1200))
                            .body("phases[0].partitions[1].rows", equalTo(0)));

            // when: the rest is staged, passes its gate, is published, and one partition is rolled back
            events.partitionStaged(id, phase, 1, "2026-03-02", 3, 1_000, 0.5);
            events.partitionStaged(id, phase, 1, "2026-03-03", 3, 1_000, 0.5);
            events.progress(id, phase, 1, PhaseProgressType.STAGED, null);
            events.gate(id, phase, 1, GateOutcome.COMMIT);
            // An executor reports PUBLISHED only after the PUBLISH instruction: keep that order here too.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> asViewer()
                            .when()
                            .get("/backfills/" + id)
                            .then()
                            .body("phases[0].state", equalTo("PUBLISHING")));
            events.progress(id, phase, 1, PhaseProgressType.PUBLISHED, null);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            asViewer().when().get("/backfills/" + id).then().body("state", equalTo("COMPLETED")));
            events.progress(id, phase, 1, PhaseProgressType.ROLLED_BACK, "2026-03-02");

            // then
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> asViewer()
                            .when()
                            .get("/backfills/" + id)
                            .then()
                            .body("phases[0].partitions.state", contains("PUBLISHED", "ROLLED_BACK", "PUBLISHED"))
                            .body("phases[0].partitions.rows", contains(3, 3, 3))
                            .body("partitionsPublished", equalTo(2))
                            .body("phases[0].partitions.computeSeconds", contains(0.7f, 0.5f, 0.5f)));
        }
    }

    @Test
    void answersAMalformedRequestWith400NamingEveryProblem() {
        asSubmitter()
                .contentType("application/json")
                .body("{\"requester\": [], \"range\": {\"grain\": \"WEEK\"}, \"priority\": \"high\"}")
                .when()
                .post("/backfills")
                .then()
                .statusCode(400)
                .body(
                        "problems",
                        hasItems(
                                "requester: expected an object",
                                "target: missing",
                                "partitionColumn: missing",
                                "range.grain: unknown value 'WEEK'",
                                "range.start: missing",
                                "range.end: missing",
                                "transformationSql: missing",
                                "priority: expected an integer"));
        asSubmitter()
                .contentType("application/json")
                .body("{not json")
                .when()
                .post("/backfills")
                .then()
                .statusCode(400)
                .body("problems[0]", containsString("not valid JSON"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        given().when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/backfills/{id}/rollback"))
                .body(containsString("scheme: bearer"));
    }
}
