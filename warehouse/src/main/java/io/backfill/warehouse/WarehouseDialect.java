package io.backfill.warehouse;

import io.backfill.core.PartitionGrain;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What differs between warehouses, and nothing else. Transactions, parameter binding, identifier checks,
 * retries and all write-audit-publish statements are shared ({@link Warehouse}); a dialect only names its
 * catalogue query, its hash and truncation functions, its session limits and its load views. A new
 * warehouse (Snowflake, BigQuery, Trino) is one new implementation of this interface, handed out by a
 * {@link WarehouseDialectProvider} registered for {@link java.util.ServiceLoader}, which also says which JDBC
 * URLs are its and how to connect to them.
 *
 * <p>Every SQL fragment returned here is built from already quoted identifiers handed in by the caller and
 * fixed keywords; values travel as bound parameters.
 */
public interface WarehouseDialect {

    /** Short name for logs, e.g. {@code postgresql}. */
    String name();

    /**
     * Query listing a table's columns in ordinal order as (name, type, nullable 'YES'/'NO'), with two bound
     * parameters: schema and table. The type must be spelled so it can be used in CREATE TABLE.
     */
    String columnsQuery();

    /** The partition column kind of a catalogue type, empty when the type cannot partition by time. */
    Optional<PartitionColumnKind> partitionKindOf(String sqlType);

    /** An integer expression hashing the given (quoted) columns of one row to 64 bits, NULL-safe. */
    String rowHash(List<String> quotedColumns);

    /**
     * An expression grouping values of {@code quotedColumn} into buckets that never straddle two partitions
     * of {@code grain} in the table's zone. It may contain one {@code ?} for the zone id (see
     * {@link #bucketBindsZone}); the caller maps each bucket to its partition by its minimum value.
     */
    String partitionBucket(String quotedColumn, PartitionColumnKind kind, PartitionGrain grain);

    /** Whether {@link #partitionBucket} contains a {@code ?} to bind the zone id to. */
    boolean bucketBindsZone(PartitionColumnKind kind, PartitionGrain grain);

    /**
     * Applies per-session limits to a fresh connection. Returns true when the warehouse enforces
     * {@code statementTimeout} itself; false makes the caller set a JDBC query timeout on every statement.
     */
    boolean applySessionLimits(Connection connection, Duration statementTimeout) throws SQLException;

    /**
     * A statement taking a transaction-scoped exclusive lock on one text key (bound as its only
     * parameter), so two executors that both believe they own a phase (a zombie after a rebalance) cannot
     * interleave the delete-and-insert that stages one partition. Empty where the warehouse already
     * serialises writers (DuckDB: one writing process, conflicting transactions abort).
     */
    default Optional<String> transactionLockSql() {
        return Optional.empty();
    }

    /**
     * A query taking a session-scoped lock on one text key without waiting, answering one boolean (true
     * when taken): the election of one load sampler per warehouse. Empty where one process owns the
     * warehouse anyway (DuckDB): then the election is within the process.
     */
    default Optional<String> sessionLockSql() {
        return Optional.empty();
    }

    /** Raw activity signals, empty when the warehouse has no activity views (the canary still works). */
    default Optional<LoadSignals> loadSignals(Connection connection) throws SQLException {
        return Optional.empty();
    }
}
