package io.backfill.executor.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.LoadSample;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.load.LoadCapacity;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicReplay;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import io.backfill.warehouse.postgres.PostgresConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The load sampler against a real PostgreSQL under a generated foreground load (sessions sleeping in
 * queries and sessions queued behind a table lock): the pressure it publishes on {@code warehouse-load}
 * rises while the load runs and falls after it stops. Other tests may use the same server, so the
 * bounds leave room for a few foreign sessions.
 */
@ExtendWith(RealInfrastructureExtension.class)
class LoadSamplerIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static final int SLEEPERS = 12;
    private static final int LOCK_WAITERS = 3;

    private final List<LoadSample> samples = new CopyOnWriteArrayList<>();

    @Test
    void aCanarySlowerThanASamplingPeriodIsCutAtThePeriodAndStillYieldsASample(
            KafkaBroker broker, SchemaRegistry registry) throws Exception {
        // given: a sampler every second whose canary takes 5 s (the warehouse's statement timeout is longer)
        String warehouseId = "wh-slow-canary-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings kafka = new KafkaSettings(
                broker.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "sampler-it");
        String schema = POSTGRES.schemaName();
        LoadSamplerSettings settings = new LoadSamplerSettings(
                warehouseId,
                "sampler-it",
                Duration.ofSeconds(1),
                "SELECT pg_sleep(5)",
                false,
                new LoadCapacity(8, 5, 5, 0.9, 0.3, 10.0),
                50,
                0.1,
                3);
        try (Warehouse warehouse = new WarehouseLocation(POSTGRES.jdbcUrl(), "postgres", "")
                        .open(WarehouseSettings.of(schema, Set.of(schema)));
                EventPublisher publisher = new EventPublisher(kafka);
                LoadSampler sampler =
                        new LoadSampler(settings, warehouse, publisher, Clock.systemUTC(), new SimpleMeterRegistry())) {
            // when
            long started = System.nanoTime();
            Optional<io.backfill.executor.domain.load.LoadSample> sample = sampler.sampleOnce();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // then: cut at the period, reported as a canary of (at least) one period, not as no sample
            assertThat(took).isLessThan(Duration.ofSeconds(4));
            assertThat(sample).isPresent();
            assertThat(sample.get().signals().canaryLatency()).contains(Duration.ofSeconds(1));
        }
    }

    @Test
    void pressureRisesUnderForegroundLoadAndFallsAfterIt(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        // given: a sampler publishing every 300 ms for a warehouse with 8 query slots (the canary counts
        // only when 10x slower than its baseline, so sub-millisecond jitter on a shared server is no load)
        String warehouseId = "wh-sampler-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings kafka = new KafkaSettings(
                broker.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "sampler-it");
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).createMissing();
        }
        try (Connection setup = POSTGRES.connect();
                Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE contended (id int)");
        }
        String schema = POSTGRES.schemaName();
        LoadSamplerSettings settings = new LoadSamplerSettings(
                warehouseId,
                "sampler-it",
                Duration.ofMillis(300),
                "SELECT count(*) FROM generate_series(1, 100000)",
                false,
                new LoadCapacity(8, 5, 5, 0.9, 0.3, 10.0),
                50,
                0.1,
                3);
        try (Warehouse warehouse = new WarehouseLocation(POSTGRES.jdbcUrl(), "postgres", "")
                        .open(WarehouseSettings.of(schema, Set.of(schema)));
                EventPublisher publisher = new EventPublisher(kafka);
                TopicReplay<LoadSample> feed = new TopicReplay<>(kafka, Topics.WAREHOUSE_LOAD, (key, sample) -> {
                    if (warehouseId.equals(key)) {
                        samples.add(sample);
                    }
                });
                LoadSampler sampler =
                        new LoadSampler(settings, warehouse, publisher, Clock.systemUTC(), new SimpleMeterRegistry())) {
            sampler.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> feed.running() && samples.size() >= 5);
            double quiet = latestPressure();
            assertThat(quiet).isLessThan(0.6);

            // when: foreground load is applied
            ForegroundLoad load = ForegroundLoad.start(POSTGRES, SLEEPERS, LOCK_WAITERS);
            double loaded;
            try {
                // then: the pressure rises. The sleepers alone push it over the bar, so wait for a sample
                // taken after the lock waiters queued too (they start last and may miss the first one).
                LoadSample busy = await().atMost(Duration.ofSeconds(20))
                        .until(
                                this::latestSample,
                                sample -> sample != null
                                        && sample.getPressure() >= 1.2
                                        && sample.getActiveQueries() >= SLEEPERS
                                        && sample.getLockWaits() >= LOCK_WAITERS);
                loaded = busy.getPressure();
                assertThat(busy.getCanaryLatencyMillis()).isNotNull();
            } finally {
                load.stop();
            }

            // then: and falls after it stops
            await().atMost(Duration.ofSeconds(20)).until(() -> latestPressure() < 0.6);
            assertThat(latestPressure()).isLessThan(loaded / 2);
        }
    }

    @Test
    void oneSamplerLeadsAWarehouseAndAStandbyTakesOverWhenItStops(KafkaBroker broker, SchemaRegistry registry)
            throws Exception {
        // given: two samplers of one warehouse, as two executor instances with the sampler role would be
        String warehouseId = "wh-elect-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings kafka = new KafkaSettings(
                broker.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "sampler-it");
        try (Admin admin = broker.admin()) {
            new TopicProvisioner(admin, (short) 1).createMissing();
        }
        String schema = POSTGRES.schemaName();
        try (Warehouse warehouse = new WarehouseLocation(POSTGRES.jdbcUrl(), "postgres", "")
                        .open(WarehouseSettings.of(schema, Set.of(schema)));
                EventPublisher publisher = new EventPublisher(kafka);
                TopicReplay<LoadSample> feed = new TopicReplay<>(kafka, Topics.WAREHOUSE_LOAD, (key, sample) -> {
                    if (warehouseId.equals(key)) {
                        samples.add(sample);
                    }
                });
                LoadSampler first = sampler(warehouseId, "sampler-a", warehouse, publisher);
                LoadSampler second = sampler(warehouseId, "sampler-b", warehouse, publisher)) {
            first.start();
            await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
            second.start();

            // then: only the leader publishes; the other stands by
            await().atMost(Duration.ofSeconds(30)).until(() -> feed.running() && samples.size() >= 6);
            assertThat(second.isLeader()).isFalse();
            assertThat(samples).extracting(LoadSample::getSource).containsOnly("sampler-a");
            assertThat(latestSample().getWarehouseBudget())
                    .as("the leader publishes the warehouse budget")
                    .isNotNull();
            assertThat(latestSample().getControllerState()).isNotNull();
            assertThat(latestSample().getThrottleReason()).isNotBlank();

            // when: the leader stops (its lease session ends)
            first.close();

            // then: the standby takes over
            await().atMost(Duration.ofSeconds(15)).until(second::isLeader);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> "sampler-b".equals(latestSample().getSource()));
        }
    }

    @Test
    void theCoordinatorsOwnStatementsAreSeenAsTheUsedBudget(KafkaBroker broker, SchemaRegistry registry)
            throws Exception {
        // given: a sampler, and two statements running on sessions tagged as the coordinator's
        String warehouseId = "wh-used-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings kafka = new KafkaSettings(
                broker.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "sampler-it");
        String schema = POSTGRES.schemaName();
        ConnectionSource coordinator = new PostgresConnections(POSTGRES.jdbcUrl(), "postgres", "");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Statement> running = new CopyOnWriteArrayList<>();
        try (Warehouse warehouse = new WarehouseLocation(POSTGRES.jdbcUrl(), "postgres", "")
                        .open(WarehouseSettings.of(schema, Set.of(schema)));
                EventPublisher publisher = new EventPublisher(kafka);
                LoadSampler sampler = sampler(warehouseId, "sampler-used", warehouse, publisher)) {
            for (int i = 0; i < 2; i++) {
                threads.submit(() -> {
                    try (Connection connection = coordinator.open();
                            Statement statement = connection.createStatement()) {
                        running.add(statement);
                        statement.execute("SELECT pg_sleep(20)");
                    } catch (SQLException e) {
                        // cancelled at the end
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> running.size() == 2);

            // when: it samples for a few seconds (window 2.5 s)
            Optional<io.backfill.executor.domain.load.LoadSample> last = Optional.empty();
            for (int i = 0; i < 14; i++) {
                last = sampler.sampleOnce();
                TimeUnit.MILLISECONDS.sleep(250); // the canary period: samples are spaced in time by design
            }

            // then: the budget it reports used counts those two statements
            assertThat(last).isPresent();
            assertThat(last.get().budget()).isPresent();
            assertThat(last.get().budget().get().used()).isGreaterThanOrEqualTo(2.0);
        } finally {
            for (Statement statement : running) {
                statement.cancel();
            }
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static LoadSampler sampler(
            String warehouseId, String source, Warehouse warehouse, EventPublisher publisher) {
        return new LoadSampler(
                new LoadSamplerSettings(
                        warehouseId,
                        source,
                        Duration.ofMillis(500),
                        "SELECT 1",
                        false,
                        LoadCapacity.DEFAULTS,
                        50,
                        0.1,
                        3),
                warehouse,
                publisher,
                Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private LoadSample latestSample() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }

    private double latestPressure() {
        return samples.isEmpty() ? Double.NaN : samples.get(samples.size() - 1).getPressure();
    }

    /** Sessions that keep PostgreSQL busy: some sleep inside a query, some wait behind a held table lock. */
    private static final class ForegroundLoad {
        private final List<Connection> connections = new ArrayList<>();
        private final List<Statement> statements = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newCachedThreadPool();

        static ForegroundLoad start(PostgresSchemaExtension postgres, int sleepers, int lockWaiters)
                throws SQLException {
            ForegroundLoad load = new ForegroundLoad();
            Connection holder = postgres.connect();
            load.connections.add(holder);
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE contended IN ACCESS EXCLUSIVE MODE");
            }
            for (int i = 0; i < sleepers; i++) {
                load.run(postgres, "SELECT pg_sleep(60)");
            }
            for (int i = 0; i < lockWaiters; i++) {
                load.run(postgres, "SELECT count(*) FROM contended");
            }
            return load;
        }

        private void run(PostgresSchemaExtension postgres, String sql) throws SQLException {
            Connection connection = postgres.connect();
            connections.add(connection);
            Statement statement = connection.createStatement();
            statements.add(statement);
            threads.submit(() -> {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    // cancelled when the load stops
                }
            });
        }

        void stop() throws Exception {
            for (Statement statement : statements) {
                statement.cancel();
            }
            for (Connection connection : connections) {
                connection.close();
            }
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
