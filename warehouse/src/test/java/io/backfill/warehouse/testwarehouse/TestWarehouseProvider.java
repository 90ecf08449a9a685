package io.backfill.warehouse.testwarehouse;

import io.backfill.core.PartitionGrain;
import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.PartitionColumnKind;
import io.backfill.warehouse.WarehouseDialect;
import io.backfill.warehouse.WarehouseDialectProvider;
import io.backfill.warehouse.duckdb.DuckDbConnections;
import io.backfill.warehouse.duckdb.DuckDbDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A third warehouse kind that exists only in tests, registered in {@code src/test/resources/META-INF/services},
 * outside the warehouse's own packages and built from public API only, as a plug-in would be:
 * {@value #PREFIX} opens a private in-memory DuckDB that already holds {@code wh.events (event_time DATE,
 * amount INTEGER)}, under a dialect named {@code testwarehouse}.
 */
public final class TestWarehouseProvider implements WarehouseDialectProvider {

    public static final String PREFIX = "jdbc:testwarehouse:";

    @Override
    public String urlPrefix() {
        return PREFIX;
    }

    @Override
    public ConnectionSource connect(String jdbcUrl, String user, String password) throws SQLException {
        DuckDbConnections database = DuckDbConnections.inMemory();
        try (Connection connection = database.open();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA wh");
            statement.execute("CREATE TABLE wh.events (event_time DATE NOT NULL, amount INTEGER)");
        } catch (SQLException e) {
            database.close();
            throw e;
        }
        return database;
    }

    @Override
    public WarehouseDialect dialect() {
        return new TestWarehouseDialect();
    }

    /** DuckDB's SQL under its own name, so a test can tell which provider opened a warehouse. */
    private static final class TestWarehouseDialect implements WarehouseDialect {

        private final DuckDbDialect duckDb = new DuckDbDialect();

        @Override
        public String name() {
            return "testwarehouse";
        }

        @Override
        public String columnsQuery() {
            return duckDb.columnsQuery();
        }

        @Override
        public Optional<PartitionColumnKind> partitionKindOf(String sqlType) {
            return duckDb.partitionKindOf(sqlType);
        }

        @Override
        public String rowHash(List<String> quotedColumns) {
            return duckDb.rowHash(quotedColumns);
        }

        @Override
        public String partitionBucket(String quotedColumn, PartitionColumnKind kind, PartitionGrain grain) {
            return duckDb.partitionBucket(quotedColumn, kind, grain);
        }

        @Override
        public boolean bucketBindsZone(PartitionColumnKind kind, PartitionGrain grain) {
            return duckDb.bucketBindsZone(kind, grain);
        }

        @Override
        public boolean applySessionLimits(Connection connection, Duration statementTimeout) throws SQLException {
            return duckDb.applySessionLimits(connection, statementTimeout);
        }
    }
}
