package io.backfill.warehouse;

import io.backfill.core.Partition;
import io.backfill.warehouse.sql.ControlNames;
import io.backfill.warehouse.sql.NamedSql;
import io.backfill.warehouse.sql.Sql;
import io.backfill.warehouse.sql.Tx;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages one partition: in one transaction, replaces the partition's staged rows with the
 * transformation's rows and writes the checkpoint, so the checkpoint can never disagree with the data
 * and re-staging yields the same rows.
 */
final class Staging {

    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);
    private static final Set<CheckpointState> RESTAGEABLE =
            EnumSet.of(CheckpointState.STAGED, CheckpointState.DISCARDED);

    private final ControlNames names;
    private final ControlLog log;
    private final Checksums checksums;
    private final Optional<String> lockSql;

    Staging(ControlNames names, ControlLog log, Checksums checksums, WarehouseDialect dialect) {
        this.names = names;
        this.log = log;
        this.checksums = checksums;
        this.lockSql = dialect.transactionLockSql();
    }

    /** The named parameters a transformation may use, as values of the partition column's Java type. */
    static Map<String, Object> boundsOf(TargetTable target, Partition partition) {
        return Map.of(
                "partition_start", target.kind().startOf(partition),
                "partition_end", target.kind().endOf(partition));
    }

    Checkpoint stage(
            Tx tx, TargetTable target, String backfillId, String phaseId, Partition partition, NamedSql transformation)
            throws SQLException {
        long started = System.nanoTime();
        String table = target.table().qualified();
        if (lockSql.isPresent()) {
            // Held until commit: a second stager of this partition waits and then sees the first one's rows.
            tx.query(lockSql.get(), r -> Boolean.TRUE, "stage:" + table + ":" + partition.key());
        }
        Optional<Checkpoint> existing = log.ofPhase(tx, target, phaseId).stream()
                .map(ControlLog.Entry::checkpoint)
                .filter(c -> c.partitionKey().equals(partition.key()))
                .findFirst();
        if (existing.isPresent() && !RESTAGEABLE.contains(existing.get().state())) {
            // Re-staging a published partition would overwrite what the corridor must restore; a redelivered
            // phase just skips it. DISCARDED is re-stageable: the planner retries a rejected or failed phase
            // as a new attempt under the same phase id, and discarding left nothing behind to protect.
            LOG.info(
                    "Phase {} partition {} of {} is {}, not re-staging",
                    phaseId,
                    partition.key(),
                    table,
                    existing.get().state());
            return existing.get();
        }
        String staging = Sql.qualified(
                names.staging(target.table()).schema(),
                names.staging(target.table()).table());
        tx.update("DELETE FROM " + staging + " WHERE \"bf_partition_key\" = ?", partition.key());
        List<String> columns = target.columnNames();
        String insert = "INSERT INTO " + staging + " (" + Sql.columnList("", columns)
                + ", \"bf_backfill_id\", \"bf_phase_id\", \"bf_partition_key\") SELECT " + Sql.columnList("q", columns)
                + ", ?, ?, ? FROM (" + transformation.jdbcSql() + ") q";
        try (PreparedStatement statement = tx.prepare(insert)) {
            statement.setString(1, backfillId);
            statement.setString(2, phaseId);
            statement.setString(3, partition.key());
            transformation.bind(statement, 4, boundsOf(target, partition));
            statement.executeUpdate();
        }
        Checksum staged =
                checksums.of(tx, target, PartitionScope.of(names, target, DataSet.STAGED, partition, phaseId));
        log.supersedeOthers(tx, table, partition.key(), phaseId);
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Checkpoint checkpoint = new Checkpoint(
                backfillId,
                phaseId,
                table,
                partition.key(),
                staged.rows(),
                durationMs,
                ControlLog.now(),
                staged,
                CheckpointState.STAGED);
        log.upsertCheckpoint(tx, checkpoint, partition);
        LOG.debug(
                "Phase {} staged partition {} of {}: {} rows in {} ms",
                phaseId,
                partition.key(),
                table,
                staged.rows(),
                durationMs);
        return checkpoint;
    }
}
