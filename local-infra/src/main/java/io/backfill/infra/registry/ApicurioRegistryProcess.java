package io.backfill.infra.registry;

import io.backfill.infra.FreePorts;
import io.backfill.infra.ParentWatchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry running as a child process on free ports with in-memory storage. The child is
 * started under a watchdog that kills it if this JVM dies without running its shutdown hooks, so no
 * registry outlives a crashed launcher or test run.
 */
public final class ApicurioRegistryProcess implements RegistryEndpoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistryProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final String baseUrl;

    private ApicurioRegistryProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    public static ApicurioRegistryProcess start(Path distribution) {
        int httpPort = FreePorts.next();
        int managementPort = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.log.level=WARN",
                "-jar",
                distribution.resolve("quarkus-run.jar").toString()));
        Path log = logFile(httpPort);
        long started = System.nanoTime();
        try {
            Process process = new ProcessBuilder(ParentWatchdog.wrap(command))
                    .directory(distribution.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ApicurioRegistryProcess registry = new ApicurioRegistryProcess(process, "http://127.0.0.1:" + httpPort);
            registry.awaitReady(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"), log);
            LOG.info(
                    "Apicurio Registry ready at {} in {} ms (log: {})",
                    registry.baseUrl,
                    (System.nanoTime() - started) / 1_000_000,
                    log);
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Apicurio Registry from " + distribution, e);
        }
    }

    private void awaitReady(URI health, Path log) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Apicurio Registry exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still booting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted waiting for Apicurio Registry", e);
            }
            pause();
        }
        close();
        throw new IllegalStateException(
                "Apicurio Registry not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path logFile(int port) {
        try {
            Path target = Path.of("target");
            Path folder = Files.isDirectory(target) ? target : Files.createTempDirectory("apicurio");
            return folder.resolve("apicurio-registry-" + port + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        ParentWatchdog.stop(process);
    }
}
