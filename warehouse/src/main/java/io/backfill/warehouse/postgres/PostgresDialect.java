package io.backfill.warehouse.postgres;

import io.backfill.core.PartitionGrain;
import io.backfill.warehouse.LoadSignals;
import io.backfill.warehouse.PartitionColumnKind;
import io.backfill.warehouse.WarehouseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * PostgreSQL: the reference server warehouse, and a stand-in for Redshift-like ones. Types come from
 * {@code format_type} so staging tables keep lengths and precisions; rows hash with
 * {@code hashtextextended} over their text form; the session carries {@code statement_timeout} and UTC so
 * row text, and therefore checksums, do not depend on the client's time zone.
 */
public final class PostgresDialect implements WarehouseDialect {

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String columnsQuery() {
        return "SELECT a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum";
    }

    @Override
    public Optional<PartitionColumnKind> partitionKindOf(String sqlType) {
        String type = sqlType.toLowerCase(Locale.ROOT);
        if (type.equals("date")) {
            return Optional.of(PartitionColumnKind.DATE);
        }
        if (type.startsWith("timestamp") && type.endsWith("with time zone")) {
            return Optional.of(PartitionColumnKind.TIMESTAMPTZ);
        }
        if (type.startsWith("timestamp")) {
            return Optional.of(PartitionColumnKind.TIMESTAMP);
        }
        return Optional.empty();
    }

    @Override
    public String rowHash(List<String> quotedColumns) {
        return "hashtextextended(ROW(" + String.join(", ", quotedColumns) + ")::text, 0)";
    }

    @Override
    public String partitionBucket(String quotedColumn, PartitionColumnKind kind, PartitionGrain grain) {
        String unit = grain.name().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case DATE, TIMESTAMP -> "date_trunc('" + unit + "', " + quotedColumn + ")";
            // The three-argument form truncates in the table's zone, keeping both fall-back hours apart.
            case TIMESTAMPTZ -> "date_trunc('" + unit + "', " + quotedColumn + ", CAST(? AS text))";
        };
    }

    @Override
    public boolean bucketBindsZone(PartitionColumnKind kind, PartitionGrain grain) {
        return kind == PartitionColumnKind.TIMESTAMPTZ;
    }

    @Override
    public boolean applySessionLimits(Connection connection, Duration statementTimeout) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // A number we format ourselves; SET takes no bind parameters.
            statement.execute("SET statement_timeout = " + Math.max(1, statementTimeout.toMillis()));
            statement.execute("SET TIME ZONE 'UTC'");
        }
        return true;
    }

    @Override
    public Optional<String> transactionLockSql() {
        // 64-bit hash of the key: a collision only makes two unrelated partitions wait for each other.
        return Optional.of("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
    }

    @Override
    public Optional<String> sessionLockSql() {
        // Seed 1, not the transaction lock's 0: a sampler's key never collides with a partition's by design.
        return Optional.of("SELECT pg_try_advisory_lock(hashtextextended(?, 1))");
    }

    @Override
    public Optional<LoadSignals> loadSignals(Connection connection) throws SQLException {
        // The coordinator's own statements are told apart by their application name (set on every
        // connection it opens), so the load sampler can see how much of the load is the backfill's.
        String sql = "SELECT"
                + " COUNT(*) FILTER (WHERE a.state = 'active'),"
                + " COUNT(*) FILTER (WHERE a.state = 'active' AND a.wait_event_type = 'Lock'),"
                + " (SELECT COUNT(*) FROM pg_locks l WHERE NOT l.granted AND l.pid <> pg_backend_pid()),"
                + " COUNT(*) FILTER (WHERE a.state = 'active' AND a.application_name = ?),"
                + " COALESCE(EXTRACT(EPOCH FROM MAX(clock_timestamp() - a.query_start)"
                + "   FILTER (WHERE a.state = 'active' AND a.application_name = ?)), 0),"
                // Users: every other client session running a query now or that finished one within the trace.
                // A session that has run no query yet is a connection still starting (its application name not
                // yet set): the coordinator opens one per transaction, so those would read as users all the time.
                + " COUNT(*) FILTER (WHERE a.application_name <> ? AND (a.state = 'active'"
                + "   OR (a.state_change > clock_timestamp() - make_interval(secs => ?) AND a.query <> '')))"
                + " FROM pg_stat_activity a"
                + " WHERE a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, LoadSignals.COORDINATOR_APPLICATION);
            statement.setString(2, LoadSignals.COORDINATOR_APPLICATION);
            statement.setString(3, LoadSignals.COORDINATOR_APPLICATION);
            statement.setDouble(4, LoadSignals.USER_TRACE.toMillis() / 1000.0);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return Optional.of(new LoadSignals(
                        rows.getLong(1),
                        rows.getLong(2),
                        rows.getLong(3),
                        OptionalInt.of(rows.getInt(4)),
                        Math.max(0, rows.getDouble(5)),
                        OptionalInt.of(rows.getInt(6))));
            }
        }
    }
}
