package io.backfill.planner.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.sun.net.httpserver.HttpServer;
import io.backfill.events.LoadSample;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.planner.messaging.Events;
import io.backfill.testsupport.auth.TestTokens;
import io.backfill.testsupport.monitoring.MonitoringFiles;
import io.backfill.testsupport.quarkus.JwtTestResource;
import io.backfill.testsupport.quarkus.KafkaAndRegistryTestResource;
import io.backfill.testsupport.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * The packaged planner's observability on real Kafka, registry and PostgreSQL: {@code GET
 * /backfills/{id}/history}, {@code GET /warehouse/load} and the load picture in {@code GET /backfills/{id}},
 * LOAD_BREACH POSTed by the alert sink to a real local webhook, and a real {@code /q/metrics} scrape that
 * exports every planner metric the shipped Prometheus rules and Grafana dashboard name.
 */
@QuarkusTest
@TestProfile(PlannerObservabilityApiIT.WithWebhook.class)
@WithTestResource(KafkaAndRegistryTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(JwtTestResource.class)
class PlannerObservabilityApiIT {

    /** Every call signs in, as a submitter and operator (both imply viewer). */
    private static RequestSpecification given() {
        return RestAssured.given()
                .header("Authorization", TestTokens.shared().bearer("observability-it", "submitter", "operator"));
    }

    /** The webhook: a JDK HTTP server on a free port, recording every body it is POSTed. */
    static final List<String> POSTED = new CopyOnWriteArrayList<>();

    static final HttpServer HOOK = hook();

    static HttpServer hook() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", exchange -> {
                POSTED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webhook sink on, breaches after 1 s above pressure 0.8. */
    public static class WithWebhook implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "backfill.alerts.webhook.url",
                            "http://127.0.0.1:" + HOOK.getAddress().getPort() + "/hook",
                    "backfill.alerts.webhook.format", "slack",
                    "backfill.alerts.load-breach.pressure", "0.8",
                    "backfill.alerts.load-breach.for", "PT1S");
        }
    }

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

    @Test
    void servesHistoryLoadAndTheLoadInTheStatusPostsLoadBreachToTheWebhookAndExportsTheMonitoredMetrics()
            throws Exception {
        // given: a running backfill asked for by the signed-in observability-it (the body's alice is ignored)
        String id = "obs-" + UUID.randomUUID().toString().substring(0, 8);
        String table = salesTable(id);
        given().contentType("application/json")
                .body("""
                        {"backfillId": "%s", "requester": {"user": "alice", "reason": "fix rounding"},
                         "target": {"schemaName": "%s", "tableName": "%s"},
                         "partitionColumn": "sale_date",
                         "range": {"grain": "DAY", "start": "2026-03-01", "end": "2026-03-03"},
                         "transformationSql": "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end",
                         "rolloutMode": "PUBLISH"}
                        """.formatted(id, schema, table))
                .when()
                .post("/backfills")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when()
                        .get("/backfills/" + id)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("RUNNING")));
        given().when().get("/warehouse/load").then().statusCode(404);

        KafkaSettings kafka = new KafkaSettings(bootstrapServers, new RegistrySettings(registryUrl, true), "obs-it");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            Events events = new Events(publisher);
            events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);

            // when: the warehouse runs hot for 2.5 s
            Instant from = Instant.now();
            for (int i = 0; i < 10; i++) {
                publisher.publishAndWait(
                        Topics.WAREHOUSE_LOAD,
                        warehouseId,
                        LoadSample.newBuilder()
                                .setWarehouseId(warehouseId)
                                .setSampledAt(Instant.now())
                                .setPressure(0.93)
                                .setCanaryLatencyMillis(30.0)
                                .setCanaryBaselineMillis(10.0)
                                .setAdmittedBudget(0.25)
                                .build());
                Thread.sleep(250); // samples spread in time, as a sampler sends them
            }
            events.partitionStaged(id, id + "-p0", 1, "2026-03-01", 3, 100, 0.2);

            // then: the load timeline, and the status carries the load picture
            given().queryParam("since", from.toString())
                    .when()
                    .get("/warehouse/load")
                    .then()
                    .statusCode(200)
                    .body("warehouseId", equalTo(warehouseId))
                    .body("samples.size()", equalTo(10))
                    .body("samples[0].pressure", equalTo(0.93f))
                    .body("samples[0].latencyRatio", equalTo(3.0f))
                    .body("samples[0].budget", equalTo(0.25f));
            given().queryParam("since", "yesterday")
                    .when()
                    .get("/warehouse/load")
                    .then()
                    .statusCode(400);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().when()
                            .get("/backfills/" + id)
                            .then()
                            .log()
                            .ifValidationFails()
                            .body("load.pressure", equalTo(0.93f))
                            .body("load.latencyRatio", equalTo(3.0f))
                            .body("load.admittedBudget", equalTo(0.25f)));

            // and LOAD_BREACH reached the webhook, with the values
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(POSTED)
                            .anySatisfy(body -> assertThat(body)
                                    .contains("LOAD_BREACH")
                                    .contains(id)
                                    .contains("pressure 0.93")));
        }

        // and the history lists it all, in order, with who asked
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when()
                        .get("/backfills/" + id + "/history")
                        .then()
                        .statusCode(200)
                        .body("backfillId", equalTo(id))
                        .body("offset", equalTo(0))
                        .body("events[0].type", equalTo("REQUESTED"))
                        .body("events[0].who", equalTo("observability-it"))
                        .body("events[0].topic", equalTo("backfill-requests"))
                        .body("events.type", hasItems("PLANNED", "RELEASED", "RUNNING", "STAGED", "ALERT")));
        given().queryParam("offset", 1)
                .queryParam("limit", 1)
                .when()
                .get("/backfills/" + id + "/history")
                .then()
                .statusCode(200)
                .body("offset", equalTo(1))
                .body("events.size()", equalTo(1));
        given().when().get("/backfills/nobody-" + id + "/history").then().statusCode(404);
        given().queryParam("limit", 0)
                .when()
                .get("/backfills/" + id + "/history")
                .then()
                .statusCode(400);
        // the other /backfills/{id}/… paths still reach BackfillResource
        given().when().get("/backfills/" + id + "/phases").then().statusCode(200);

        // and the real scrape has every planner metric the Prometheus rules and the Grafana dashboard use
        String scrape = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(MonitoringFiles.ofRepository().missingFrom(scrape, MonitoringFiles.Exporter.PLANNER))
                .as("planner metrics named in deploy/prometheus and deploy/grafana but not exported")
                .isEmpty();
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
