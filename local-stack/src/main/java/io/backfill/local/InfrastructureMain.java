package io.backfill.local;

import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.infra.kafka.KafkaServerProcess;
import io.backfill.infra.registry.ApicurioDistribution;
import io.backfill.infra.registry.ApicurioRegistryProcess;
import io.backfill.messaging.KafkaSettings;
import io.backfill.warehouse.postgres.PostgresConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code deploy/local-processes/up.sh}'s first step: the infrastructure the services need when they run as
 * separate processes on one machine. Starts a Kafka broker (KRaft) and the Apicurio registry as child
 * processes, creates the topics, optionally seeds the sample dataset into a PostgreSQL warehouse, writes the
 * connection settings as an env file the service launchers source, and runs until stopped (SIGTERM or
 * Ctrl-C stop both children).
 */
public final class InfrastructureMain {

    static final String USAGE = """
            usage: InfrastructureMain --env-file FILE [options]
              --env-file FILE          where to write KAFKA_BOOTSTRAP_SERVERS and BACKFILL_REGISTRY_URL
              --data-dir DIR           broker data (default local-processes-data, wiped at start)
              --kafka-port PORT        broker port (default: a free one)
              --seed-postgres JDBC_URL create the sample raw.orders, raw.stores and analytics.daily_revenue there
              --user NAME, --password P   PostgreSQL credentials for --seed-postgres (default postgres, empty)
              --days N, --orders-per-day N   sample size (default 90, 2000)
            """;

    private InfrastructureMain() {}

    public static void main(String[] args) throws Exception {
        Path envFile = null;
        Path dataDir = Path.of("local-processes-data");
        int kafkaPort = 0;
        String seedUrl = null;
        String user = "postgres";
        String password = "";
        int days = 90;
        int ordersPerDay = 2_000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--env-file" -> envFile = Path.of(required(args[i], value));
                case "--data-dir" -> dataDir = Path.of(required(args[i], value));
                case "--kafka-port" -> kafkaPort = Integer.parseInt(required(args[i], value));
                case "--seed-postgres" -> seedUrl = required(args[i], value);
                case "--user" -> user = required(args[i], value);
                case "--password" -> password = value == null ? "" : value;
                case "--days" -> days = Integer.parseInt(required(args[i], value));
                case "--orders-per-day" -> ordersPerDay = Integer.parseInt(required(args[i], value));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (envFile == null) {
            usage("--env-file is required");
        }
        Deque<AutoCloseable> running = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            closeAll(running);
                            stopped.countDown();
                        },
                        "infrastructure-shutdown"));
        wipe(dataDir.resolve("kafka"));
        KafkaServerProcess kafka = KafkaServerProcess.start(dataDir.resolve("kafka"), kafkaPort);
        running.push(kafka);
        System.out.println("Kafka broker      " + kafka.bootstrapServers());
        ApicurioRegistryProcess registry = ApicurioRegistryProcess.start(ApicurioDistribution.locate());
        running.push(registry);
        System.out.println("Schema registry   " + registry.apicurioApiUrl());
        KafkaSettings settings = new KafkaSettings(
                kafka.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "infrastructure");
        try (Admin admin = Admin.create(settings.baseProperties("admin"))) {
            System.out.println("Topics created    " + new TopicProvisioner(admin, (short) 1).createMissing());
        }
        if (seedUrl != null) {
            SampleDataset dataset = new SampleDataset(LocalDate.of(2026, 1, 1), days, ordersPerDay, 20);
            try (PostgresConnections connections = new PostgresConnections(seedUrl, user, password)) {
                dataset.create(connections);
            }
            System.out.println(
                    "Sample dataset    " + dataset.orders() + " orders over " + days + " days in " + seedUrl);
        }
        Files.createDirectories(envFile.toAbsolutePath().getParent());
        Files.writeString(
                envFile,
                "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers() + "\nBACKFILL_REGISTRY_URL="
                        + registry.apicurioApiUrl() + "\n");
        System.out.println("Settings written  " + envFile);
        System.out.println("READY");
        System.out.flush();
        stopped.await();
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("warning: " + e.getMessage());
            }
        }
    }

    private static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.print(USAGE);
        System.exit(2);
    }

    private static void wipe(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
