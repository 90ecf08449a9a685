package io.backfill.warehouse;

import io.backfill.core.Partition;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.warehouse.sql.ControlNames;
import io.backfill.warehouse.sql.IdentifierGuard;
import io.backfill.warehouse.sql.Jdbc;
import io.backfill.warehouse.sql.NamedSql;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse as executors and validators see it: describe a target, stage partitions with
 * checkpoints, publish / roll back / discard / finalise with the rollback corridor, checksums, check
 * queries and load probes. Every call is one transaction; every write is idempotent and safe to retry.
 *
 * <p>One instance per warehouse; it is thread-safe as long as its {@link ConnectionSource} is.
 */
public final class Warehouse implements AutoCloseable {

    private final ConnectionSource connections;
    private final Jdbc jdbc;
    private final IdentifierGuard guard;
    private final ControlNames names;
    private final ControlTables controlTables;
    private final ControlLog log;
    private final Checksums checksums;
    private final Staging staging;
    private final Publishing publishing;
    private final PartitionListing listing;
    private final CheckQueries checks;

    public Warehouse(ConnectionSource connections, WarehouseDialect dialect, WarehouseSettings settings) {
        this.connections = connections;
        this.jdbc = new Jdbc(connections, dialect, settings);
        this.guard = new IdentifierGuard(dialect, settings);
        this.names = new ControlNames(settings.controlSchema());
        this.controlTables = new ControlTables(names);
        this.log = new ControlLog(names);
        this.checksums = new Checksums(dialect);
        this.staging = new Staging(names, log, checksums, dialect);
        this.publishing = new Publishing(names, log, checksums);
        this.listing = new PartitionListing(dialect);
        this.checks = new CheckQueries(jdbc, guard, names);
    }

    public WarehouseDialect dialect() {
        return jdbc.dialect();
    }

    /** Checks {@code table} and its partition column against the allow-list and catalogue, and describes it. */
    public TargetTable describe(TableRef table, String partitionColumn) {
        return jdbc.transaction("describe " + table, "-", tx -> guard.target(tx, table, partitionColumn));
    }

    /** The target's non-empty partitions inside {@code range} with their row counts, in one grouped query. */
    public List<PartitionRows> partitions(TargetTable target, PartitionRange range) {
        return jdbc.transaction("list partitions of " + target.table(), "-", tx -> listing.list(tx, target, range));
    }

    /** Creates the control schema, control tables, and the target's staging and corridor tables if missing. */
    public void prepare(TargetTable target) {
        jdbc.transaction("prepare control tables for " + target.table(), "-", tx -> {
            Optional<String> lock = jdbc.dialect().transactionLockSql();
            if (lock.isPresent()) {
                // Concurrent CREATE ... IF NOT EXISTS of one object can still collide on PostgreSQL's catalogue
                // (unique violation): executors starting phases of a new target at once take turns instead.
                tx.query(lock.get(), r -> Boolean.TRUE, "prepare:" + names.controlSchema());
            }
            controlTables.create(tx, target);
            return null;
        });
    }

    /**
     * Stages one partition from {@code transformationSql} (which may use {@code :partition_start} and
     * {@code :partition_end}) and records its checkpoint, in one transaction. Re-staging replaces the rows;
     * a partition the phase already published is left alone and its checkpoint returned.
     */
    public Checkpoint stage(
            TargetTable target, String backfillId, String phaseId, Partition partition, String transformationSql) {
        return stage(target, backfillId, phaseId, partition, transformationSql, Optional.empty());
    }

    /** As {@link #stage(TargetTable, String, String, Partition, String)}, with a statement timeout of its own. */
    public Checkpoint stage(
            TargetTable target,
            String backfillId,
            String phaseId,
            Partition partition,
            String transformationSql,
            Optional<Duration> statementTimeout) {
        NamedSql transformation = NamedSql.parse(transformationSql);
        transformation.requireKnown(Staging.boundsOf(target, partition));
        return jdbc.transaction(
                "stage " + target.table() + " " + partition.key(),
                phaseId,
                statementTimeout,
                tx -> staging.stage(tx, target, backfillId, phaseId, partition, transformation));
    }

    /** The phase's checkpoints in partition order, over all targets; resume at the first partition without one. */
    public List<Checkpoint> checkpointsOf(String phaseId) {
        return jdbc.transaction(
                "read checkpoints",
                phaseId,
                tx -> log.ofPhase(tx, phaseId).stream()
                        .map(ControlLog.Entry::checkpoint)
                        .toList());
    }

    /** Publishes all staged partitions of the phase; see {@link #publish(TargetTable, String, List)}. */
    public List<PartitionPublish> publish(TargetTable target, String phaseId) {
        return publish(target, phaseId, List.of());
    }

    /**
     * Atomically publishes staged partitions of a phase (all of them when {@code partitions} is empty):
     * previous target rows go to the corridor, staged rows into the target, staging is cleared and the
     * publish logged. Partitions already published are reported from the log with {@code alreadyDone}.
     */
    public List<PartitionPublish> publish(TargetTable target, String phaseId, List<Partition> partitions) {
        return jdbc.transaction(
                "publish " + target.table(), phaseId, tx -> publishing.publish(tx, target, phaseId, partitions));
    }

    /** Restores the previous contents of every published partition of the phase, atomically. */
    public List<PartitionPublish> rollback(TargetTable target, String phaseId) {
        return rollback(target, phaseId, List.of());
    }

    /** Restores the previous contents of the given published partitions of the phase (all when empty). */
    public List<PartitionPublish> rollback(TargetTable target, String phaseId, List<Partition> partitions) {
        return jdbc.transaction(
                "roll back " + target.table(), phaseId, tx -> publishing.rollback(tx, target, phaseId, partitions));
    }

    /** Drops the phase's staged rows (REJECT, SHADOW); returns the keys of the partitions discarded now. */
    public List<String> discard(TargetTable target, String phaseId) {
        return jdbc.transaction("discard " + target.table(), phaseId, tx -> publishing.discard(tx, target, phaseId));
    }

    /** Drops the backfill's corridor rows for the target; its partitions can no longer be rolled back. */
    public List<String> finalise(TargetTable target, String backfillId) {
        return jdbc.transaction(
                "finalise " + target.table(), backfillId, tx -> publishing.finalise(tx, target, backfillId));
    }

    /** Row count and content checksum of one partition's staged, target or corridor rows. */
    public Checksum checksum(TargetTable target, DataSet set, Partition partition, String phaseId) {
        return jdbc.transaction(
                "checksum " + target.table() + " " + partition.key(),
                phaseId,
                tx -> checksums.of(tx, target, PartitionScope.of(names, target, set, partition, phaseId)));
    }

    /** Check queries for the validator. */
    public CheckQueries checks() {
        return checks;
    }

    /** Runs {@code canarySql} once and returns how long it took, for the load sampler's latency signal. */
    public Duration canary(String canarySql) {
        return canary(canarySql, Optional.empty());
    }

    /**
     * {@link #canary(String)} under its own statement timeout: a load sampler must not stall for the
     * default (long) statement timeout when the warehouse is slow.
     *
     * @throws WarehouseException of kind {@link FailureKind#TIMEOUT} when it runs longer than {@code timeout}
     */
    public Duration canary(String canarySql, Duration timeout) {
        return canary(canarySql, Optional.of(timeout));
    }

    private Duration canary(String canarySql, Optional<Duration> timeout) {
        NamedSql sql = NamedSql.parse(canarySql);
        if (!sql.parameterNames().isEmpty()) {
            throw new IllegalArgumentException("a canary query takes no parameters: " + sql.parameterNames());
        }
        return jdbc.transaction("canary", "-", timeout, tx -> {
            long started = System.nanoTime();
            try (var statement = tx.prepare(sql.jdbcSql());
                    var rows = statement.executeQuery()) {
                while (rows.next()) {
                    // Drain so the timing includes fetching, as a user's query would.
                }
            }
            return Duration.ofNanos(System.nanoTime() - started);
        });
    }

    /**
     * Takes the load sampler lease of {@code warehouseId} if no other sampler holds it ({@link SamplerLease}).
     *
     * @throws WarehouseException when the warehouse cannot be reached
     */
    public Optional<SamplerLease> tryLeadSampling(String warehouseId) {
        return SamplerLease.tryTake(connections, jdbc.dialect(), warehouseId);
    }

    /** Raw activity signals where the dialect can read them; empty on warehouses with only the canary. */
    public Optional<LoadSignals> loadSignals() {
        return jdbc.transaction("load signals", "-", tx -> jdbc.dialect().loadSignals(tx.connection()));
    }

    @Override
    public void close() {
        connections.close();
    }
}
