package io.backfill.events.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.backfill.infra.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does when a registry fails: a real HTTP server in the test JVM that answers 5xx (what a
 * registry behind a load balancer does while it restarts), and a port nobody listens on. The answers of
 * a working registry are proven against a real one in {@link ConfluentRegistryClientIT}.
 */
class ConfluentRegistryClientTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void retriesA5xxBoundedTimesThenSaysUnavailableWithTheStatusAndAnIoCause() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(calls, Integer.MAX_VALUE);
        ConfluentRegistryClient client = new ConfluentRegistryClient(url, 3, Duration.ofMillis(1));

        assertThatThrownBy(() -> client.schemaById(7))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                })
                .hasMessageContaining("GET " + url + "/schemas/ids/7 failed 3 times")
                .hasMessageContaining("registry restarting");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aRegistryThatRecoversWithinTheAttemptsAnswers() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(calls, 2);
        ConfluentRegistryClient client = new ConfluentRegistryClient(url, 3, Duration.ofMillis(1));

        assertThat(client.schemaById(7).getName()).isEqualTo("Recovered");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aPortNobodyListensOnIsUnavailableNotNotFound() {
        String url = "http://127.0.0.1:" + FreePorts.next();
        ConfluentRegistryClient client = new ConfluentRegistryClient(url, 2, Duration.ofMillis(1));

        assertThatThrownBy(() -> client.subjects())
                .isInstanceOfSatisfying(
                        RegistryUnavailableException.class,
                        e -> assertThat(e.status()).isZero())
                .hasMessageContaining("GET " + url + "/subjects failed 2 times");
        assertThat(client.requestsSent()).isEqualTo(2);
    }

    @Test
    void refusesZeroAttempts() {
        assertThatThrownBy(() -> new ConfluentRegistryClient("http://x", 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void readsConfluentErrorBodiesAndFallsBackToTheRawBody() {
        assertThat(ConfluentRegistryClient.RegistryError.of(
                        404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}"))
                .isEqualTo(new ConfluentRegistryClient.RegistryError(40401, "Subject 'x' not found."));
        assertThat(ConfluentRegistryClient.RegistryError.of(502, "<html>Bad Gateway</html>"))
                .isEqualTo(new ConfluentRegistryClient.RegistryError(0, "<html>Bad Gateway</html>"));
        assertThat(ConfluentRegistryClient.RegistryError.of(500, ""))
                .isEqualTo(new ConfluentRegistryClient.RegistryError(0, "HTTP 500"));
    }

    /** Answers 503 to the first {@code failures} requests, then a schema. */
    private String serve(AtomicInteger calls, int failures) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean fail = calls.incrementAndGet() <= failures;
            byte[] body = (fail
                            ? "{\"error_code\":50301,\"message\":\"registry restarting\"}"
                            : "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Recovered\\\",\\\"fields\\\":[]}\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
