package io.backfill.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.backfill.core.Partition;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.postgres.PostgresTestSchema;
import io.backfill.warehouse.postgres.PostgresConnections;
import io.backfill.warehouse.postgres.PostgresDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The warehouse contract against a real PostgreSQL server, in a schema of its own, plus what only a
 * server can show: backends killed mid-transaction and activity-based load signals.
 */
class PostgresWarehouseIT extends WarehouseContractIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    @Override
    protected ConnectionSource openConnections() {
        PostgresTestSchema schema = POSTGRES.schema();
        return new PostgresConnections(schema.serverUrl(), schema.user(), schema.password());
    }

    @Override
    protected WarehouseDialect dialect() {
        return new PostgresDialect();
    }

    @Override
    protected String schema() {
        return POSTGRES.schemaName();
    }

    @Override
    protected String slowQuery() {
        return "SELECT pg_sleep(30)";
    }

    @Test
    void connectionKilledMidStagingKeepsPreviousStagingAndCheckpoint() {
        // given: a partition staged once, then a slow re-staging producing different rows
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        Checkpoint good = warehouse.stage(target, BACKFILL, p1, day, transformation());
        String marker = "kill_stage_" + events;
        String slow = "SELECT s.event_time, s.id, s.customer_id, s.amount * 3 AS amount, s.note /* " + marker + " */"
                + " FROM " + schema() + "." + source + " s CROSS JOIN (SELECT pg_sleep(30)) z"
                + " WHERE s.event_time >= :partition_start AND s.event_time < :partition_end";

        // when
        CompletableFuture<Checkpoint> staging =
                CompletableFuture.supplyAsync(() -> warehouse.stage(target, BACKFILL, p1, day, slow));
        await().atMost(Duration.ofSeconds(20)).until(() -> terminateBackendsRunning(marker) > 0);

        // then
        assertThatThrownBy(staging::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WarehouseException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.RETRIABLE));
        assertThat(warehouse.checksum(target, DataSet.STAGED, day, p1)).isEqualTo(good.checksum());
        assertThat(warehouse.checkpointsOf(p1))
                .singleElement()
                .satisfies(c -> assertThat(c.checksum()).isEqualTo(good.checksum()));
    }

    @Test
    void twoExecutorsStagingOnePartitionAtOnceLeaveOneCopyOfItsRows() throws SQLException {
        // given: one executor slowly staging a partition (a zombie that lost its phase in a rebalance)
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        String marker = "slow_stage_" + events;
        String slow = "SELECT s.event_time, s.id, s.customer_id, s.amount * 2 AS amount, s.note /* " + marker + " */"
                + " FROM " + schema() + "." + source + " s CROSS JOIN (SELECT pg_sleep(2)) z"
                + " WHERE s.event_time >= :partition_start AND s.event_time < :partition_end";
        CompletableFuture<Checkpoint> zombie =
                CompletableFuture.supplyAsync(() -> warehouse.stage(target, BACKFILL, p1, day, slow));
        await().atMost(Duration.ofSeconds(20)).until(() -> backendsRunning(marker) > 0);

        // when: the new owner stages the same partition meanwhile
        Checkpoint owner = warehouse.stage(target, BACKFILL, p1, day, transformation());
        zombie.join();

        // then: the second waited for the first instead of adding its rows beside the first one's
        assertThat(owner.rows()).isEqualTo(4);
        assertThat(warehouse.checksum(target, DataSet.STAGED, day, p1)).isEqualTo(owner.checksum());
        assertThat(warehouse.checkpointsOf(p1))
                .singleElement()
                .satisfies(c -> assertThat(c.rows()).isEqualTo(4));
    }

    @Test
    void executorsPreparingANewControlSchemaAtOnceAllSucceed() {
        // given: targets whose control schemas do not exist yet, and twelve executors about to start on them
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        List<String> controlSchemas =
                IntStream.range(0, 5).mapToObj(i -> schema() + "_ctl" + i).toList();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            // when: each executor prepares every one of them, all starting at once
            List<CompletableFuture<Void>> preparing = IntStream.range(0, 12)
                    .mapToObj(executor -> CompletableFuture.runAsync(
                            () -> {
                                List<Warehouse> warehouses = controlSchemas.stream()
                                        .map(control -> new Warehouse(
                                                connections::open,
                                                dialect(),
                                                new WarehouseSettings(
                                                        control, Set.of(schema()), Duration.ofSeconds(30), 1)))
                                        .toList();
                                awaitQuietly(go);
                                warehouses.forEach(w -> {
                                    w.prepare(target);
                                    w.close();
                                });
                            },
                            threads))
                    .toList();
            go.countDown();

            // then: none of them lost a race on the catalogue
            assertThat(preparing).allSatisfy(f -> assertThat(f).succeedsWithin(Duration.ofSeconds(60)));
        } finally {
            threads.shutdownNow();
            controlSchemas.forEach(control -> exec("DROP SCHEMA IF EXISTS " + control + " CASCADE"));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void connectionKilledMidPublishLeavesOldTargetAndStagedCheckpoints() throws SQLException {
        // given: two staged partitions, and another session holding a lock that stops the publish after it
        // has already rewritten the target and filled the corridor
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        List<Partition> phase = List.of(day("2026-02-28"), day("2026-03-01"));
        Map<Partition, Checksum> original = targetChecksums(target, phase);
        phase.forEach(p -> warehouse.stage(target, BACKFILL, p1, p, transformation()));
        String staging = "stg__" + schema() + "__" + events;

        try (Connection blocker = connections.open()) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE " + schema() + "." + staging + " IN SHARE MODE");
            }

            // when
            CompletableFuture<List<PartitionPublish>> publishing =
                    CompletableFuture.supplyAsync(() -> warehouse.publish(target, p1));
            await().atMost(Duration.ofSeconds(20)).until(() -> terminateBackendsWaitingOn(staging) > 0);
            blocker.rollback();

            // then
            assertThatThrownBy(publishing::join).cause().isInstanceOf(WarehouseException.class);
        }
        assertThat(targetChecksums(target, phase)).isEqualTo(original);
        assertThat(warehouse.checksum(target, DataSet.CORRIDOR, day("2026-02-28"), p1))
                .isEqualTo(Checksum.EMPTY);
        assertThat(warehouse.checkpointsOf(p1)).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(CheckpointState.STAGED);
            assertThat(warehouse.checksum(target, DataSet.STAGED, day(c.partitionKey()), p1))
                    .isEqualTo(c.checksum());
        });
        assertThat(warehouse.publish(target, p1))
                .allSatisfy(p -> assertThat(p.changed()).isTrue());
    }

    @Test
    void loadSignalsSeeOtherSessionsWaitingOnLocks() throws SQLException {
        // given: one session holds a lock another one waits for
        eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        try (Connection holder = connections.open()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("LOCK TABLE " + schema() + "." + events + " IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Void> waiter =
                    CompletableFuture.runAsync(() -> exec("SELECT COUNT(*) FROM " + schema() + "." + events));

            // when / then
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(warehouse.loadSignals()).hasValueSatisfying(s -> {
                        assertThat(s.lockWaits()).isPositive();
                        assertThat(s.waitingQueries()).isPositive();
                        assertThat(s.activeQueries()).isGreaterThanOrEqualTo(s.waitingQueries());
                    }));
            holder.rollback();
            waiter.join();
        }
    }

    @Test
    void loadSignalsSeeAUsersShortQueryJustAfterItEnded() throws SQLException {
        PostgresTestSchema schema = POSTGRES.schema();
        java.util.Properties user = new java.util.Properties();
        user.setProperty("user", schema.user());
        user.setProperty("password", schema.password() == null ? "" : schema.password());
        user.setProperty("ApplicationName", "dashboard-" + events);
        try (Connection dashboard = java.sql.DriverManager.getConnection(schema.serverUrl(), user);
                Statement statement = dashboard.createStatement()) {
            // given: a user's 1 ms query has just ended (no query runs now)
            statement.execute("SELECT 1");

            // when
            LoadSignals signals = warehouse.loadSignals().orElseThrow();

            // then: the user's session counts though its query is over (other tests' sessions may count too)
            assertThat(signals.recentUserSessions()).isPresent();
            assertThat(signals.recentUserSessions().getAsInt()).isGreaterThanOrEqualTo(1);
        }
    }

    private int backendsRunning(String marker) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                                + " AND state = 'active' AND query LIKE ?")) {
            statement.setString(1, "%" + marker + "%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private int terminateBackendsRunning(String marker) throws SQLException {
        return terminate(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                        + " AND state = 'active' AND query LIKE ?",
                "%" + marker + "%");
    }

    private int terminateBackendsWaitingOn(String table) throws SQLException {
        return terminate(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                        + " AND wait_event_type = 'Lock' AND query LIKE ?",
                "DELETE FROM %" + table + "%");
    }

    private int terminate(String sql, String pattern) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, pattern);
            int terminated = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    terminated++;
                }
            }
            return terminated;
        }
    }
}
