package io.backfill.infra.kafka;

import io.backfill.infra.FreePorts;
import io.backfill.infra.ParentWatchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, combined broker and controller) in a child JVM, run from the Kafka jars
 * on this JVM's class path exactly as {@code kafka-server-start.sh} would: format the log directory,
 * start {@code kafka.Kafka}. Listens on 127.0.0.1 only; ready when an admin client can describe the
 * cluster. Stopped with the launcher (a watchdog kills it if the launcher dies abruptly).
 */
public final class KafkaServerProcess implements AutoCloseable {

    private final Process process;
    private final String bootstrapServers;

    private KafkaServerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker whose data lives under {@code dataDir}; {@code port} 0 picks a free one. */
    public static KafkaServerProcess start(Path dataDir, int port) {
        int brokerPort = port == 0 ? FreePorts.next() : port;
        int controllerPort = FreePorts.next();
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            writeConfig(config, dataDir.resolve("logs"), brokerPort, controllerPort);
            Path log = dataDir.resolve("kafka.log");
            run(
                    List.of(
                            java(),
                            "-cp",
                            classPath(),
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            Uuid.randomUuid().toString(),
                            "-c",
                            config.toString()),
                    log);
            Process process = new ProcessBuilder(ParentWatchdog.wrap(
                            List.of(java(), "-Xmx512m", "-cp", classPath(), "kafka.Kafka", config.toString())))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            KafkaServerProcess server = new KafkaServerProcess(process, "127.0.0.1:" + brokerPort);
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka under " + dataDir, e);
        }
    }

    private static void writeConfig(Path config, Path logDirs, int brokerPort, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDirs.toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "backfill-coordinator local stack broker");
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "'" + String.join(" ", command.subList(3, command.size())) + "' failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted formatting Kafka storage", e);
        }
    }

    private void awaitReady(Path log) {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (Admin admin = Admin.create(properties)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited before it was ready; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // still starting
                }
            }
        }
        close();
        throw new IllegalStateException("Kafka not ready after 90 s; see " + log);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    @Override
    public void close() {
        ParentWatchdog.stop(process);
    }
}
