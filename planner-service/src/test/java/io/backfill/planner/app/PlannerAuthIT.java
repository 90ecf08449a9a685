package io.backfill.planner.app;

import static io.backfill.planner.app.PlannerServiceIT.asOperator;
import static io.backfill.planner.app.PlannerServiceIT.asSubmitter;
import static io.backfill.planner.app.PlannerServiceIT.asViewer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillRequested;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topic;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaSettings;
import io.backfill.testsupport.auth.TestTokens;
import io.backfill.testsupport.quarkus.JwtTestResource;
import io.backfill.testsupport.quarkus.KafkaAndRegistryTestResource;
import io.backfill.testsupport.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Who may do what on the planner's REST API, with the embedded users over Basic and with JWT bearer tokens
 * (signed by the test JVM's issuer, as an identity provider's would be): 401 for anyone not signed in, 403
 * for a role that does not allow it, and the signed-in principal, never a self-declared name, in the events
 * on the real {@code backfill-requests} and {@code backfill-commands} topics.
 */
@QuarkusTest
@WithTestResource(KafkaAndRegistryTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(JwtTestResource.class)
class PlannerAuthIT {

    @ConfigProperty(name = "test-support.postgres.schema")
    String schema;

    @ConfigProperty(name = "backfill.warehouse.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "backfill.registry.url")
    String registryUrl;

    @Test
    void refusesEveryBackfillsPathWith401WithoutValidCredentials() throws Exception {
        // given: a request the planner would accept
        String id = "anon-" + UUID.randomUUID().toString().substring(0, 8);
        String body = request(id, salesTable(id), "mallory");
        String expired = "Bearer "
                + TestTokens.shared()
                        .token(TestTokens.ISSUER, "olga", Instant.now().minusSeconds(600), "operator");
        String foreign = "Bearer "
                + TestTokens.shared()
                        .token(
                                "https://someone-else.test",
                                "olga",
                                Instant.now().plusSeconds(600),
                                "operator");

        // then: not signed in, a wrong password, an embedded user whose password is not set, an expired token,
        // a token of another issuer, a token that is not one: all 401
        given().contentType("application/json")
                .body(body)
                .when()
                .post("/backfills")
                .then()
                .statusCode(401)
                // a bearer challenge: a browser shows no Basic password dialog of its own over the dashboard
                .header("WWW-Authenticate", equalTo("Bearer"));
        for (String authorization : List.of(
                TestTokens.basic("submitter", "wrong"),
                TestTokens.basic("unset", ""),
                expired,
                foreign,
                "Bearer not.a.token")) {
            given().header("Authorization", authorization)
                    .contentType("application/json")
                    .body(body)
                    .when()
                    .post("/backfills")
                    .then()
                    .statusCode(401);
        }
        given().when().post("/backfills/" + id + "/pause").then().statusCode(401);
        given().when().post("/backfills/" + id + "/rollback?phaseId=x").then().statusCode(401);
        given().when().get("/backfills").then().statusCode(401);
        given().when().get("/backfills/" + id).then().statusCode(401);
        given().when().get("/backfills/" + id + "/phases").then().statusCode(401);
        given().when().get("/backfills/" + id + "/phases/0/partitions").then().statusCode(401);

        // and nothing was published for it
        assertThat(records(Topics.BACKFILL_REQUESTS, id)).isEmpty();
    }

    @Test
    void refusesAViewerSubmittingAndASubmitterCommandingWith403() throws Exception {
        // given: a running backfill
        String id = "roles-" + UUID.randomUUID().toString().substring(0, 8);
        String body = request(id, salesTable(id), null);
        given().header("Authorization", TestTokens.shared().bearer("vera", "viewer"))
                .contentType("application/json")
                .body(body)
                .when()
                .post("/backfills")
                .then()
                .statusCode(403);
        asViewer()
                .contentType("application/json")
                .body(body)
                .when()
                .post("/backfills")
                .then()
                .statusCode(403);
        given().header("Authorization", TestTokens.shared().bearer("otto", "operator"))
                .contentType("application/json")
                .body(body)
                .when()
                .post("/backfills")
                .then()
                .statusCode(403);
        asSubmitter()
                .contentType("application/json")
                .body(body)
                .when()
                .post("/backfills")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        asSubmitter().when().get("/backfills/" + id).then().body("state", equalTo("RUNNING")));

        // then: commands need operator
        for (String command : List.of("pause", "resume", "cancel", "approve", "rollback")) {
            asSubmitter().when().post("/backfills/" + id + "/" + command).then().statusCode(403);
            asViewer().when().post("/backfills/" + id + "/" + command).then().statusCode(403);
            given().header("Authorization", TestTokens.shared().bearer("sam", "submitter", "viewer"))
                    .when()
                    .post("/backfills/" + id + "/" + command)
                    .then()
                    .statusCode(403);
        }
        // and a token with no role of ours can read nothing
        given().header("Authorization", TestTokens.shared().bearer("nobody", "admin"))
                .when()
                .get("/backfills/" + id)
                .then()
                .statusCode(403);

        // and none of the refused commands reached backfill-commands
        asOperator().when().post("/backfills/" + id + "/cancel").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(records(Topics.BACKFILL_COMMANDS, id))
                        .extracting(BackfillCommand::getType)
                        .containsExactly(BackfillCommandType.CANCEL));
        assertThat(records(Topics.BACKFILL_REQUESTS, id)).hasSize(1);
    }

    @Test
    void recordsTheSignedInPrincipalNotTheBodysRequesterOnTheRequestAndCommandTopics() throws Exception {
        // given: a body that says it comes from mallory
        String id = "who-" + UUID.randomUUID().toString().substring(0, 8);

        // when: the embedded submitter sends it over Basic
        asSubmitter()
                .contentType("application/json")
                .body(request(id, salesTable(id), "mallory"))
                .when()
                .post("/backfills")
                .then()
                .statusCode(202)
                .body("requester", equalTo("submitter"));
        // and olga, an operator by her token, pauses it; a viewer token reads it
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().header(
                                "Authorization", TestTokens.shared().bearer("vic", "viewer"))
                        .when()
                        .get("/backfills/" + id)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("RUNNING"))
                        .body("requester", equalTo("submitter")));
        given().header("Authorization", TestTokens.shared().bearer("olga", "operator"))
                .header("X-User", "mallory")
                .when()
                .post("/backfills/" + id + "/pause")
                .then()
                .statusCode(202)
                .body("requestedBy", equalTo("olga"));

        // then: the events on the topics name who signed in
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(records(Topics.BACKFILL_COMMANDS, id)).hasSize(1));
        List<BackfillRequested> requests = records(Topics.BACKFILL_REQUESTS, id);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getRequester().getUser()).isEqualTo("submitter");
        assertThat(requests.get(0).getRequester().getSource()).isEqualTo("REST");
        assertThat(requests.get(0).getRequester().getReason()).isEqualTo("auth test");
        BackfillCommand pause = records(Topics.BACKFILL_COMMANDS, id).get(0);
        assertThat(pause.getType()).isEqualTo(BackfillCommandType.PAUSE);
        assertThat(pause.getRequestedBy().getUser()).isEqualTo("olga");
        assertThat(pause.getRequestedBy().getSource()).isEqualTo("REST");
    }

    @Test
    void leavesHealthMetricsAndOpenApiOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    /** Every record on {@code topic} keyed by {@code backfillId}, from the beginning, committed ones only. */
    private <V extends SpecificRecord> List<V> records(Topic<V> topic, String backfillId) {
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, new RegistrySettings(registryUrl, true), "auth-it");
        Properties properties = kafka.baseProperties("auth-it-reader");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Deserializer<V> values = new EventSerdes(kafka.registry()).deserializer(topic);
        List<V> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (backfillId.equals(r.key())) {
                        found.add(values.deserialize(r.topic(), r.headers(), r.value()));
                    }
                }
            }
        }
        return found;
    }

    /** A PUBLISH request over 2026-03-01..02 of {@code table}, naming {@code claimedUser} as requester if given. */
    private String request(String id, String table, String claimedUser) {
        String requester = claimedUser == null
                ? "{\"reason\": \"auth test\"}"
                : "{\"user\": \"" + claimedUser + "\", \"reason\": \"auth test\"}";
        return """
                {"backfillId": "%s", "requester": %s,
                 "target": {"schemaName": "%s", "tableName": "%s"},
                 "partitionColumn": "sale_date",
                 "range": {"grain": "DAY", "start": "2026-03-01", "end": "2026-03-03"},
                 "transformationSql": "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end",
                 "rolloutMode": "PUBLISH"}
                """.formatted(id, requester, schema, table);
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
