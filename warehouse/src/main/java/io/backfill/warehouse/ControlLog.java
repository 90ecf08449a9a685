package io.backfill.warehouse;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.warehouse.sql.ControlNames;
import io.backfill.warehouse.sql.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads and writes checkpoint rows and publish-log entries. */
final class ControlLog {

    private static final String CHECKPOINT_COLUMNS = "backfill_id, phase_id, target_table, partition_key, "
            + "row_count, duration_ms, staged_at, checksum, state, grain, zone_id";

    private final ControlNames names;

    ControlLog(ControlNames names) {
        this.names = names;
    }

    /** A checkpoint plus what is needed to turn its key back into a {@link Partition}. */
    record Entry(Checkpoint checkpoint, Partition partition) {}

    List<Entry> ofPhase(Tx tx, String phaseId) throws SQLException {
        return sorted(tx.query(
                "SELECT " + CHECKPOINT_COLUMNS + " FROM " + names.checkpoints() + " WHERE phase_id = ?",
                ControlLog::entry,
                phaseId));
    }

    List<Entry> ofPhase(Tx tx, TargetTable target, String phaseId) throws SQLException {
        return sorted(tx.query(
                "SELECT " + CHECKPOINT_COLUMNS + " FROM " + names.checkpoints()
                        + " WHERE phase_id = ? AND target_table = ?",
                ControlLog::entry,
                phaseId,
                target.table().qualified()));
    }

    List<Entry> ofBackfill(Tx tx, TargetTable target, String backfillId) throws SQLException {
        return sorted(tx.query(
                "SELECT " + CHECKPOINT_COLUMNS + " FROM " + names.checkpoints()
                        + " WHERE backfill_id = ? AND target_table = ?",
                ControlLog::entry,
                backfillId,
                target.table().qualified()));
    }

    void upsertCheckpoint(Tx tx, Checkpoint c, Partition partition) throws SQLException {
        tx.update(
                "DELETE FROM " + names.checkpoints() + " WHERE phase_id = ? AND target_table = ? AND partition_key = ?",
                c.phaseId(),
                c.table(),
                c.partitionKey());
        tx.update(
                "INSERT INTO " + names.checkpoints() + " (" + CHECKPOINT_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.backfillId(),
                c.phaseId(),
                c.table(),
                c.partitionKey(),
                c.rows(),
                c.durationMs(),
                c.stagedAt().atOffset(ZoneOffset.UTC),
                c.checksum().text(),
                c.state().name(),
                partition.grain().name(),
                partition.zone().getId());
    }

    /** Marks STAGED checkpoints of other phases for the same partition as superseded by a new staging. */
    void supersedeOthers(Tx tx, String table, String partitionKey, String phaseId) throws SQLException {
        tx.update(
                "UPDATE " + names.checkpoints() + " SET state = ? WHERE target_table = ? AND partition_key = ?"
                        + " AND state = ? AND phase_id <> ?",
                CheckpointState.DISCARDED.name(),
                table,
                partitionKey,
                CheckpointState.STAGED.name(),
                phaseId);
    }

    void setState(Tx tx, Checkpoint c, CheckpointState state) throws SQLException {
        tx.update(
                "UPDATE " + names.checkpoints()
                        + " SET state = ? WHERE phase_id = ? AND target_table = ? AND partition_key = ?",
                state.name(),
                c.phaseId(),
                c.table(),
                c.partitionKey());
    }

    void log(Tx tx, Checkpoint c, PublishLogAction action, Checksum before, Checksum after) throws SQLException {
        tx.update(
                "INSERT INTO " + names.publishLog() + " (backfill_id, phase_id, target_table, partition_key, action,"
                        + " rows_before, rows_after, checksum_before, checksum_after, logged_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.backfillId(),
                c.phaseId(),
                c.table(),
                c.partitionKey(),
                action.name(),
                before == null ? null : before.rows(),
                after == null ? null : after.rows(),
                before == null ? null : before.text(),
                after == null ? null : after.text(),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** The latest log entry of {@code action} for a checkpoint, as a publish result marked already done. */
    Optional<PartitionPublish> lastLogged(Tx tx, Checkpoint c, PublishLogAction action) throws SQLException {
        return tx
                .query(
                        "SELECT checksum_before, checksum_after FROM " + names.publishLog()
                                + " WHERE phase_id = ? AND target_table = ? AND partition_key = ? AND action = ?"
                                + " ORDER BY logged_at DESC",
                        r -> new PartitionPublish(
                                c.partitionKey(), Checksum.parse(r.getString(1)), Checksum.parse(r.getString(2)), true),
                        c.phaseId(),
                        c.table(),
                        c.partitionKey(),
                        action.name())
                .stream()
                .findFirst();
    }

    private static Entry entry(ResultSet r) throws SQLException {
        Checkpoint checkpoint = new Checkpoint(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getLong(5),
                r.getLong(6),
                r.getObject(7, OffsetDateTime.class).toInstant(),
                Checksum.parse(r.getString(8)),
                CheckpointState.valueOf(r.getString(9)));
        Partition partition = Partition.parse(
                PartitionGrain.valueOf(r.getString(10)), ZoneId.of(r.getString(11)), checkpoint.partitionKey());
        return new Entry(checkpoint, partition);
    }

    private static List<Entry> sorted(List<Entry> entries) {
        return entries.stream().sorted(Comparator.comparing(Entry::partition)).toList();
    }

    static Instant now() {
        return Instant.now();
    }
}
