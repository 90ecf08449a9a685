package io.backfill.planner.app;

import static io.backfill.planner.app.PlannerServiceIT.asOperator;
import static io.backfill.planner.app.PlannerServiceIT.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.AdmissionControlKind;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.AdmissionControlKey;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicReplay;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Operator controls on the packaged planner with real Kafka, registry and PostgreSQL: each change through
 * {@code /warehouse/admission}, {@code /warehouse/throttle} and {@code /backfills/{id}/throttle} is one
 * {@code AdmissionControlChanged} on the real {@code admission-control} topic naming the token's user; a
 * viewer reads but cannot change (403); bad values are 400 naming the field; a change already on the topic
 * (an earlier planner's) is shown; a backfill's status carries the manual throttle as its throttle reason.
 */
@QuarkusTest
@WithTestResource(KafkaAndRegistryTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(JwtTestResource.class)
class AdmissionControlApiIT {

    @ConfigProperty(name = "test-support.postgres.schema")
    String schema;

    @ConfigProperty(name = "backfill.warehouse.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "backfill.warehouse-id")
    String warehouseId;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "backfill.registry.url")
    String registryUrl;

    private static RequestSpecification asOperatorToken(String user) {
        return given().header("Authorization", TestTokens.shared().bearer(user, "operator"));
    }

    @Test
    void everyChangeIsOneEventNamingTheTokensUserAndTheReadShowsIt() throws Exception {
        List<AdmissionControlChanged> events = new CopyOnWriteArrayList<>();
        try (TopicReplay<AdmissionControlChanged> replay =
                new TopicReplay<>(kafka("admission-it"), Topics.ADMISSION_CONTROL, (k, v) -> events.add(v))) {
            // when: olga (an operator's token) changes the settings and throttles the warehouse
            asOperatorToken("olga")
                    .contentType("application/json")
                    .body("""
                            {"targetLatencyRatio": 1.3, "peakTargetLatencyRatio": 1.1, "maxBudget": 2.5,
                             "hardCeilingRatio": 3, "reason": "quarter close"}
                            """)
                    .when()
                    .put("/warehouse/admission")
                    .then()
                    .statusCode(202)
                    .body("kind", equalTo("SETTINGS"))
                    .body("changedBy", equalTo("olga"));
            Instant throttledAt = Instant.now();
            asOperatorToken("olga")
                    .contentType("application/json")
                    .body("{\"factor\": 0, \"ttl\": \"PT10M\", \"reason\": \"incident 42\"}")
                    .when()
                    .post("/warehouse/throttle")
                    .then()
                    .statusCode(202)
                    .body("kind", equalTo("THROTTLE"));

            // then: both are on the broker, naming olga
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(mine(events, "olga")).hasSize(2));
            AdmissionControlChanged settings = mine(events, "olga").get(0);
            assertThat(settings.getKind()).isEqualTo(AdmissionControlKind.SETTINGS);
            assertThat(settings.getWarehouseId()).isEqualTo(warehouseId);
            assertThat(settings.getTargetLatencyRatio()).isEqualTo(1.3);
            assertThat(settings.getPeakTargetLatencyRatio()).isEqualTo(1.1);
            assertThat(settings.getMaxBudget()).isEqualTo(2.5);
            assertThat(settings.getHardCeilingRatio()).isEqualTo(3.0);
            assertThat(settings.getReason()).isEqualTo("quarter close");
            AdmissionControlChanged throttle = mine(events, "olga").get(1);
            assertThat(throttle.getKind()).isEqualTo(AdmissionControlKind.THROTTLE);
            assertThat(throttle.getBackfillId()).isNull();
            assertThat(throttle.getFactor()).isEqualTo(0.0);
            assertThat(throttle.getReason()).isEqualTo("incident 42");
            assertThat(throttle.getExpiresAt())
                    .isBetween(
                            throttledAt.plus(Duration.ofMinutes(10)).minusSeconds(5),
                            throttledAt.plus(Duration.ofMinutes(11)));

            // and a viewer reads both
            asViewer()
                    .when()
                    .get("/warehouse/admission")
                    .then()
                    .statusCode(200)
                    .body("warehouseId", equalTo(warehouseId))
                    .body("settings.targetLatencyRatio", equalTo(1.3f))
                    .body("settings.changedBy", equalTo("olga"))
                    .body("throttles.changedBy", hasItem("olga"))
                    .body("throttles.factor", hasItem(0.0f));

            // when: she lifts the throttle
            asOperatorToken("olga").when().delete("/warehouse/throttle").then().statusCode(202);

            // then: an UNTHROTTLE naming her, and no throttle in force; lifting again is 404
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(mine(events, "olga")).hasSize(3));
            assertThat(mine(events, "olga").get(2).getKind()).isEqualTo(AdmissionControlKind.UNTHROTTLE);
            asViewer().when().get("/warehouse/admission").then().statusCode(200).body("throttles", empty());
            asOperatorToken("olga").when().delete("/warehouse/throttle").then().statusCode(404);
            assertThat(mine(events, "olga")).hasSize(3);
        }
    }

    @Test
    void aBackfillsThrottleIsItsThrottleReasonAndAnUnknownBackfillIs404() throws Exception {
        // given: a backfill the planner knows
        String id = "thr-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", TestTokens.shared().bearer("sam", "submitter"))
                .contentType("application/json")
                .body(request(id, salesTable(id)))
                .when()
                .post("/backfills")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> asViewer().when().get("/backfills/" + id).then().statusCode(200));

        // when: paul halves it for a minute (ttl in seconds)
        asOperatorToken("paul")
                .contentType("application/json")
                .body("{\"factor\": 0.5, \"ttl\": 60, \"reason\": \"dashboards slow\"}")
                .when()
                .post("/backfills/" + id + "/throttle")
                .then()
                .statusCode(202)
                .body("backfillId", equalTo(id));

        // then: its status names the throttle, who set it and why; the read lists it
        asViewer()
                .when()
                .get("/backfills/" + id)
                .then()
                .statusCode(200)
                .body("throttleReason", containsString("manual throttle 0.5 of backfill " + id + " by paul until"))
                .body("throttleReason", containsString("dashboards slow"));
        asViewer().when().get("/warehouse/admission").then().body("throttles.backfillId", hasItem(id));

        // and: an unknown backfill cannot be throttled
        asOperatorToken("paul")
                .contentType("application/json")
                .body("{\"factor\": 0, \"ttl\": 60}")
                .when()
                .post("/backfills/no-such-" + id + "/throttle")
                .then()
                .statusCode(404);

        // when: lifted, the status no longer names it
        asOperatorToken("paul")
                .when()
                .delete("/backfills/" + id + "/throttle")
                .then()
                .statusCode(202);
        asViewer().when().get("/backfills/" + id).then().statusCode(200).body("throttleReason", nullValue());
    }

    @Test
    void aViewerReadsButCannotChangeAnything() {
        asViewer().when().get("/warehouse/admission").then().statusCode(200);
        asViewer()
                .contentType("application/json")
                .body("{\"targetLatencyRatio\": 1.5}")
                .when()
                .put("/warehouse/admission")
                .then()
                .statusCode(403);
        asViewer()
                .contentType("application/json")
                .body("{\"factor\": 0, \"ttl\": \"PT1M\"}")
                .when()
                .post("/warehouse/throttle")
                .then()
                .statusCode(403);
        asViewer().when().delete("/warehouse/throttle").then().statusCode(403);
        asViewer()
                .contentType("application/json")
                .body("{\"factor\": 0, \"ttl\": \"PT1M\"}")
                .when()
                .post("/backfills/any/throttle")
                .then()
                .statusCode(403);
        given().when().get("/warehouse/admission").then().statusCode(401);
    }

    @Test
    void badValuesAre400NamingTheField() {
        Map<String, String> settings = Map.of(
                "{\"targetLatencyRatio\": 0.9}", "targetLatencyRatio",
                "{\"peakTargetLatencyRatio\": 11}", "peakTargetLatencyRatio",
                "{\"maxBudget\": 0}", "maxBudget",
                "{\"targetLatencyRatio\": 1.5, \"hardCeilingRatio\": 1.4}", "hardCeilingRatio",
                "{\"maxBudget\": \"lots\"}", "maxBudget");
        settings.forEach((body, field) -> asOperator()
                .contentType("application/json")
                .body(body)
                .when()
                .put("/warehouse/admission")
                .then()
                .statusCode(400)
                .body("problems[0]", containsString(field + ":")));
        Map<String, String> throttles = Map.of(
                "{\"factor\": 0}", "ttl",
                "{\"factor\": 0, \"ttl\": \"PT48H\"}", "ttl",
                "{\"factor\": 0, \"ttl\": \"soon\"}", "ttl",
                "{\"factor\": 1.5, \"ttl\": 60}", "factor",
                "{\"ttl\": 60}", "factor");
        throttles.forEach((body, field) -> asOperator()
                .contentType("application/json")
                .body(body)
                .when()
                .post("/warehouse/throttle")
                .then()
                .statusCode(400)
                .body("problems[0]", containsString(field + ":")));
    }

    @Test
    void showsAThrottleAnEarlierPlannerPublishedReadBackFromTheTopic() {
        // given: a backfill's throttle on the topic that this planner's REST never saw
        String backfill = "earlier-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        AdmissionControlChanged earlier = AdmissionControlChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setWarehouseId(warehouseId)
                .setBackfillId(backfill)
                .setKind(AdmissionControlKind.THROTTLE)
                .setFactor(0.25)
                .setExpiresAt(now.plus(Duration.ofMinutes(5)))
                .setChangedBy("earlier-planner-user")
                .setChangedAt(now)
                .build();
        try (EventPublisher publisher = new EventPublisher(kafka("admission-it-earlier"))) {
            publisher.publishAndWait(
                    Topics.ADMISSION_CONTROL, AdmissionControlKey.throttle(warehouseId, backfill), earlier);
        }

        // then: the read shows it
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> asViewer()
                        .when()
                        .get("/warehouse/admission")
                        .then()
                        .statusCode(200)
                        .body("throttles.backfillId", hasItem(backfill))
                        .body("throttles.changedBy", hasItem("earlier-planner-user")));
    }

    private static List<AdmissionControlChanged> mine(List<AdmissionControlChanged> events, String user) {
        return events.stream().filter(e -> e.getChangedBy().equals(user)).toList();
    }

    private KafkaSettings kafka(String clientId) {
        return new KafkaSettings(bootstrapServers, new RegistrySettings(registryUrl, true), clientId);
    }

    private String request(String id, String table) {
        return """
                {"backfillId": "%s", "requester": {"reason": "throttle test"},
                 "target": {"schemaName": "%s", "tableName": "%s"},
                 "partitionColumn": "sale_date",
                 "range": {"grain": "DAY", "start": "2026-03-01", "end": "2026-03-03"},
                 "transformationSql": "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end",
                 "rolloutMode": "PUBLISH"}
                """.formatted(id, schema, table);
    }

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
}
