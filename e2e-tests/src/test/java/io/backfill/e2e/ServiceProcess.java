package io.backfill.e2e;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One service (planner, executor or validator) as production runs it: {@code java -jar
 * target/quarkus-app/quarkus-run.jar} in its own process, configured by {@code -D} properties, on a free
 * HTTP port, its output in {@code target/e2e-logs/<name>.log}. Started under {@link ParentWatchdog} so it
 * dies with the test JVM even when that is killed.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code module}'s packaged app as {@code name} and waits for {@code /q/health/ready}. */
    static ServiceProcess start(Path projectRoot, String module, String name, Map<String, String> config) {
        Path jar = projectRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -pl e2e-tests -am install"
                    + " -DskipTests packages every service)");
        }
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = logFile(name);
        try {
            Process process = new ProcessBuilder(ParentWatchdog.wrap(command))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ServiceProcess service = new ServiceProcess(name, port, log, process);
            service.awaitReady();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** GET {@code path} on this service; the body, or empty when it does not answer 200. */
    Optional<String> get(String path) {
        return get(path, null);
    }

    /** GET {@code path} signed in with this {@code Authorization} header (null: none). */
    Optional<String> get(String path, String authorization) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready;"
                        + " see " + log.toAbsolutePath());
            }
            if (get("/q/health/ready").isPresent()) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException(
                name + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + log.toAbsolutePath());
    }

    boolean alive() {
        return javaProcess().map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILL to the service's JVM: no shutdown hook, no goodbye to the consumer group, nothing flushed. */
    void kill() {
        ProcessHandle java = javaProcess().orElseThrow(() -> new IllegalStateException(name + " is not running"));
        java.destroyForcibly();
        java.onExit().join();
    }

    /** The JVM itself: the watchdog shell is its parent (and also of the short {@code sleep}s it polls with). */
    private Optional<ProcessHandle> javaProcess() {
        return process.children()
                .filter(child -> child.info().command().orElse("").endsWith("/java"))
                .findFirst();
    }

    private static Path logFile(String name) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "e2e-logs"));
            return folder.resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        ParentWatchdog.stop(process);
    }
}
