package io.backfill.planner.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.backfill.events.AlertSeverity;
import io.backfill.events.AlertType;
import io.backfill.events.BackfillAlert;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert sink over a real broker and registry, POSTing to a real local HTTP server (the JDK's): each
 * alert delivered once, retried after a 500, not POSTed again when the same alert comes again or the sink
 * restarts, and given up after the configured attempts (counted) without holding up the next one.
 */
@ExtendWith(RealInfrastructureExtension.class)
class AlertWebhookIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    /** What the hook answers per backfill: a list of statuses, the last one repeating (default 200). */
    final Map<String, List<Integer>> script = new ConcurrentHashMap<>();

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    HttpServer server;
    KafkaSettings kafka;
    EventPublisher publisher;
    SimpleMeterRegistry meters;
    String group;

    @BeforeEach
    void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        kafka = new KafkaSettings(
                broker.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "webhook-it");
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).createMissing();
        }
        publisher = new EventPublisher(kafka);
        meters = new SimpleMeterRegistry();
        group = "webhook-it-" + UUID.randomUUID();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            JsonNode body = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String backfill = backfillOf(body);
            int attempt =
                    attempts.computeIfAbsent(backfill, b -> new AtomicInteger()).incrementAndGet();
            List<Integer> answers = script.getOrDefault(backfill, List.of(200));
            int status = answers.get(Math.min(attempt, answers.size()) - 1);
            if (status == 200) {
                received.add(body);
            }
            byte[] reply = (status == 200 ? "ok" : "boom").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        publisher.close();
    }

    /** The backfill a body is about: Slack's text names it in backticks, Alertmanager's labels carry it. */
    static String backfillOf(JsonNode body) {
        if (body.isArray()) {
            return body.get(0).path("labels").path("backfill").asText();
        }
        String text = body.path("text").asText();
        int start = text.indexOf("backfill `") + "backfill `".length();
        return text.substring(start, text.indexOf('`', start));
    }

    AlertSink sink(WebhookFormat format, int maxAttempts) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        AlertSink sink = new AlertSink(
                kafka,
                group,
                new AlertWebhook(new AlertWebhook.Settings(
                        url, format, maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(5))),
                meters);
        sink.start();
        return sink;
    }

    static BackfillAlert alert(String backfillId, AlertType type, String message) {
        return BackfillAlert.newBuilder()
                .setEventId(type + ":" + backfillId + ":-:" + UUID.randomUUID())
                .setBackfillId(backfillId)
                .setType(type)
                .setSeverity(AlertSeverity.WARNING)
                .setMessage(message)
                .setRaisedAt(Instant.now())
                .build();
    }

    void send(BackfillAlert alert) {
        publisher.publishAndWait(Topics.BACKFILL_ALERTS, alert.getBackfillId(), alert);
    }

    /** The bodies delivered about one backfill (probes of {@link #awaitReady} may still trickle in). */
    List<JsonNode> receivedFor(String... backfillIds) {
        List<String> ids = List.of(backfillIds);
        return received.stream().filter(b -> ids.contains(backfillOf(b))).toList();
    }

    double counted(String outcome) {
        return meters.get("backfill_alert_webhook")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    /** The sink's group starts at the end: wait until it is assigned and positioned before sending. */
    void awaitReady(AlertSink sink) {
        String probe = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            send(alert(probe, AlertType.STUCK_PHASE, "probe"));
            assertThat(received).anySatisfy(body -> assertThat(backfillOf(body)).isEqualTo(probe));
        });
    }

    @Test
    void postsEachAlertAsSlackJsonRetriesAfterA500AndNeverPostsTheSameAlertTwice() {
        // given: a sink whose hook fails the first POST about bf-retry
        String id = "bf-retry-" + UUID.randomUUID().toString().substring(0, 6);
        script.put(id, List.of(500, 200));
        BackfillAlert alert = alert(id, AlertType.LOAD_BREACH, "pressure 0.97 above 0.90 for 60 s");
        try (AlertSink sink = sink(WebhookFormat.SLACK, 3)) {
            awaitReady(sink);

            // when
            send(alert);

            // then: delivered by the second attempt, as Slack JSON with the values
            await().atMost(WAIT).untilAsserted(() -> assertThat(receivedFor(id)).hasSize(1));
            assertThat(attempts.get(id)).hasValue(2);
            assertThat(receivedFor(id).getFirst().path("text").asText())
                    .contains("WARNING LOAD_BREACH")
                    .contains("`" + id + "`")
                    .contains("pressure 0.97 above 0.90 for 60 s");

            // when: the same alert comes again (a redelivery)
            send(alert);
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(counted("duplicate")).isEqualTo(1.0));

            // then: not POSTed again
            assertThat(receivedFor(id)).hasSize(1);
            assertThat(attempts.get(id)).hasValue(2);
            assertThat(counted("delivered")).isGreaterThanOrEqualTo(1.0);
        }

        // and a restarted sink (same group) continues after it: the next alert on that partition is POSTed,
        // the delivered one is not POSTed again
        AlertSink restarted = sink(WebhookFormat.SLACK, 3);
        try {
            send(alert(id, AlertType.STUCK_PHASE, "phase p3 silent"));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(receivedFor(id))
                            .extracting(body -> body.path("text").asText())
                            .satisfiesExactly(
                                    first -> assertThat(first).contains("LOAD_BREACH"),
                                    second -> assertThat(second).contains("STUCK_PHASE")));
        } finally {
            restarted.close();
        }
        assertThat(attempts.get(id)).hasValue(3);
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsCountsItAndDeliversTheNextAlertInAlertmanagerFormat() {
        // given: a hook that always fails for bf-dead
        String dead = "bf-dead-" + UUID.randomUUID().toString().substring(0, 6);
        String alive = "bf-alive-" + UUID.randomUUID().toString().substring(0, 6);
        script.put(dead, List.of(500));
        try (AlertSink sink = sink(WebhookFormat.ALERTMANAGER, 3)) {
            awaitReady(sink);

            // when
            send(alert(dead, AlertType.DEADLINE_AT_RISK, "projected to finish late"));
            send(alert(alive, AlertType.STUCK_PHASE, "phase p1 silent"));

            // then: three attempts for the dead one, then it is given up (counted) and the next is delivered
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(receivedFor(alive)).hasSize(1));
            assertThat(receivedFor(dead)).isEmpty();
            assertThat(attempts.get(dead)).hasValue(3);
            assertThat(counted("gave_up")).isEqualTo(1.0);
            JsonNode posted = receivedFor(alive).getFirst().get(0);
            assertThat(posted.path("labels").path("alertname").asText()).isEqualTo("BackfillStuckPhase");
            assertThat(posted.path("labels").path("backfill").asText()).isEqualTo(alive);
            assertThat(posted.path("labels").path("severity").asText()).isEqualTo("warning");
            assertThat(posted.path("annotations").path("summary").asText()).isEqualTo("phase p1 silent");
            assertThat(posted.path("startsAt").asText()).endsWith("Z");
        }
    }
}
