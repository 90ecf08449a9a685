package io.backfill.warehouse;

import io.backfill.core.Partition;
import io.backfill.core.TableRef;
import io.backfill.warehouse.ControlLog.Entry;
import io.backfill.warehouse.sql.ControlNames;
import io.backfill.warehouse.sql.Sql;
import io.backfill.warehouse.sql.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-audit-publish moves: publish (target rows to the corridor, staged rows to the target), rollback
 * (corridor rows back), discard (drop staging) and finalise (drop the corridor). Each method runs inside
 * the caller's single transaction and touches only rows inside the named partitions' bounds; each is
 * idempotent, driven by the checkpoint state.
 */
final class Publishing {

    private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);

    private final ControlNames names;
    private final ControlLog log;
    private final Checksums checksums;

    Publishing(ControlNames names, ControlLog log, Checksums checksums) {
        this.names = names;
        this.log = log;
        this.checksums = checksums;
    }

    List<PartitionPublish> publish(Tx tx, TargetTable target, String phaseId, List<Partition> partitions)
            throws SQLException {
        List<Entry> entries = select(log.ofPhase(tx, target, phaseId), partitions, phaseId);
        List<PartitionPublish> results = new ArrayList<>();
        for (Entry entry : entries) {
            Checkpoint c = entry.checkpoint();
            switch (c.state()) {
                case PUBLISHED, FINALISED ->
                    results.add(log.lastLogged(tx, c, PublishLogAction.PUBLISH)
                            .orElseThrow(() -> fatal("phase " + phaseId + " partition " + c.partitionKey() + " is "
                                    + c.state() + " but has no publish log entry")));
                case STAGED -> results.add(publishOne(tx, target, entry));
                default ->
                    throw fatal("phase " + phaseId + " partition " + c.partitionKey() + " of " + c.table() + " is "
                            + c.state() + ", only STAGED partitions can be published");
            }
        }
        LOG.info("Phase {} published {} partition(s) of {}", phaseId, results.size(), target.table());
        return results;
    }

    private PartitionPublish publishOne(Tx tx, TargetTable target, Entry entry) throws SQLException {
        Checkpoint c = entry.checkpoint();
        Partition partition = entry.partition();
        PartitionScope inTarget = PartitionScope.target(target, partition);
        String columns = Sql.columnList("", target.columnNames());
        String staging = qualified(names.staging(target.table()));
        String column = Sql.quote(target.partitionColumn());

        long outside = tx.queryLong(
                "SELECT COUNT(*) FROM " + staging
                        + " WHERE \"bf_phase_id\" = ? AND \"bf_partition_key\" = ? AND (" + column + " IS NULL OR "
                        + column + " < ? OR " + column + " >= ?)",
                c.phaseId(),
                c.partitionKey(),
                target.kind().startOf(partition),
                target.kind().endOf(partition));
        if (outside > 0) {
            throw fatal("phase " + c.phaseId() + " staged " + outside + " row(s) for partition " + c.partitionKey()
                    + " of " + c.table() + " outside its bounds; refusing to publish rows into other partitions");
        }
        Checksum before = checksums.of(tx, target, inTarget);
        if (before.equals(c.checksum())) {
            // Delta tracking: the staged rows are the rows already there, so nothing moves and the corridor
            // keeps nothing (rolling this partition back is then a no-op as well).
            tx.update(
                    "DELETE FROM " + staging + " WHERE \"bf_phase_id\" = ? AND \"bf_partition_key\" = ?",
                    c.phaseId(),
                    c.partitionKey());
            log.setState(tx, c, CheckpointState.PUBLISHED);
            log.log(tx, c, PublishLogAction.PUBLISH, before, before);
            return new PartitionPublish(c.partitionKey(), before, before, false);
        }
        String corridor = qualified(names.corridor(target.table()));
        tx.update(
                "DELETE FROM " + corridor + " WHERE \"bf_phase_id\" = ? AND \"bf_partition_key\" = ?",
                c.phaseId(),
                c.partitionKey());
        tx.update(
                "INSERT INTO " + corridor + " (" + columns
                        + ", \"bf_backfill_id\", \"bf_phase_id\", \"bf_partition_key\")" + " SELECT " + columns
                        + ", ?, ?, ? FROM " + inTarget.fromTable() + " WHERE " + inTarget.where(),
                concat(List.of(c.backfillId(), c.phaseId(), c.partitionKey()), inTarget.params()));
        tx.update("DELETE FROM " + inTarget.fromTable() + " WHERE " + inTarget.where(), inTarget.paramArray());
        tx.update(
                "INSERT INTO " + inTarget.fromTable() + " (" + columns + ") SELECT " + columns + " FROM " + staging
                        + " WHERE \"bf_phase_id\" = ? AND \"bf_partition_key\" = ?",
                c.phaseId(),
                c.partitionKey());
        tx.update(
                "DELETE FROM " + staging + " WHERE \"bf_phase_id\" = ? AND \"bf_partition_key\" = ?",
                c.phaseId(),
                c.partitionKey());
        Checksum after = checksums.of(tx, target, inTarget);
        if (!after.equals(c.checksum())) {
            // Reconciliation: what the target now holds must be exactly what was staged and validated.
            throw fatal("reconciliation failed for phase " + c.phaseId() + " partition " + c.partitionKey() + " of "
                    + c.table() + ": target checksum " + after.text() + " after publish differs from the staged "
                    + c.checksum().text() + "; nothing was published");
        }
        log.setState(tx, c, CheckpointState.PUBLISHED);
        log.log(tx, c, PublishLogAction.PUBLISH, before, after);
        return new PartitionPublish(c.partitionKey(), before, after, false);
    }

    List<PartitionPublish> rollback(Tx tx, TargetTable target, String phaseId, List<Partition> partitions)
            throws SQLException {
        List<Entry> entries = select(log.ofPhase(tx, target, phaseId), partitions, phaseId);
        List<PartitionPublish> results = new ArrayList<>();
        for (Entry entry : entries) {
            Checkpoint c = entry.checkpoint();
            switch (c.state()) {
                case PUBLISHED -> results.add(rollbackOne(tx, target, entry));
                case ROLLED_BACK ->
                    log.lastLogged(tx, c, PublishLogAction.ROLLBACK).ifPresent(results::add);
                case FINALISED ->
                    throw fatal("phase " + phaseId + " partition " + c.partitionKey()
                            + " is finalised; its previous contents are gone and it cannot be rolled back");
                default ->
                    LOG.debug(
                            "Phase {} partition {} is {}, nothing to roll back", phaseId, c.partitionKey(), c.state());
            }
        }
        LOG.info("Phase {} rolled back {} partition(s) of {}", phaseId, results.size(), target.table());
        return results;
    }

    private PartitionPublish rollbackOne(Tx tx, TargetTable target, Entry entry) throws SQLException {
        Checkpoint c = entry.checkpoint();
        PartitionScope inTarget = PartitionScope.target(target, entry.partition());
        String columns = Sql.columnList("", target.columnNames());
        String corridor = qualified(names.corridor(target.table()));
        Checksum before = checksums.of(tx, target, inTarget);
        boolean publishedUnchanged = log.lastLogged(tx, c, PublishLogAction.PUBLISH)
                .map(p -> !p.changed())
                .orElse(false);
        if (publishedUnchanged) {
            // The publish moved nothing and kept nothing in the corridor, so there is nothing to restore.
            log.setState(tx, c, CheckpointState.ROLLED_BACK);
            log.log(tx, c, PublishLogAction.ROLLBACK, before, before);
            return new PartitionPublish(c.partitionKey(), before, before, false);
        }
        tx.update("DELETE FROM " + inTarget.fromTable() + " WHERE " + inTarget.where(), inTarget.paramArray());
        tx.update(
                "INSERT INTO " + inTarget.fromTable() + " (" + columns + ") SELECT " + columns + " FROM " + corridor
                        + " WHERE \"bf_phase_id\" = ? AND \"bf_partition_key\" = ?",
                c.phaseId(),
                c.partitionKey());
        tx.update(
                "DELETE FROM " + corridor + " WHERE \"bf_phase_id\" = ? AND \"bf_partition_key\" = ?",
                c.phaseId(),
                c.partitionKey());
        Checksum after = checksums.of(tx, target, inTarget);
        log.setState(tx, c, CheckpointState.ROLLED_BACK);
        log.log(tx, c, PublishLogAction.ROLLBACK, before, after);
        return new PartitionPublish(c.partitionKey(), before, after, false);
    }

    List<String> discard(Tx tx, TargetTable target, String phaseId) throws SQLException {
        List<String> discarded = new ArrayList<>();
        for (Entry entry : log.ofPhase(tx, target, phaseId)) {
            Checkpoint c = entry.checkpoint();
            if (c.state() == CheckpointState.STAGED) {
                log.setState(tx, c, CheckpointState.DISCARDED);
                log.log(tx, c, PublishLogAction.DISCARD, c.checksum(), null);
                discarded.add(c.partitionKey());
            }
        }
        // Also catches rows of a staging that failed before its checkpoint was written elsewhere.
        tx.update("DELETE FROM " + qualified(names.staging(target.table())) + " WHERE \"bf_phase_id\" = ?", phaseId);
        LOG.info("Phase {} discarded staging of {} partition(s) of {}", phaseId, discarded.size(), target.table());
        return discarded;
    }

    List<String> finalise(Tx tx, TargetTable target, String backfillId) throws SQLException {
        List<String> finalised = new ArrayList<>();
        for (Entry entry : log.ofBackfill(tx, target, backfillId)) {
            Checkpoint c = entry.checkpoint();
            if (c.state() == CheckpointState.PUBLISHED) {
                log.setState(tx, c, CheckpointState.FINALISED);
                log.log(tx, c, PublishLogAction.FINALISE, null, null);
                finalised.add(c.partitionKey());
            }
        }
        tx.update(
                "DELETE FROM " + qualified(names.corridor(target.table())) + " WHERE \"bf_backfill_id\" = ?",
                backfillId);
        LOG.info("Backfill {} finalised {} partition(s) of {}", backfillId, finalised.size(), target.table());
        return finalised;
    }

    /** The phase's checkpoints for {@code partitions}, or all of them when {@code partitions} is empty. */
    private static List<Entry> select(List<Entry> entries, List<Partition> partitions, String phaseId) {
        if (partitions.isEmpty()) {
            return entries;
        }
        Set<String> wanted = partitions.stream().map(Partition::key).collect(Collectors.toSet());
        List<Entry> selected = entries.stream()
                .filter(e -> wanted.contains(e.checkpoint().partitionKey()))
                .toList();
        if (selected.size() != wanted.size()) {
            Set<String> missing = new java.util.TreeSet<>(wanted);
            selected.forEach(e -> missing.remove(e.checkpoint().partitionKey()));
            throw fatal("phase " + phaseId + " has no checkpoint for partition(s) " + missing);
        }
        return selected;
    }

    private static Object[] concat(List<Object> first, List<Object> second) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(second);
        return all.toArray();
    }

    private static String qualified(TableRef table) {
        return Sql.qualified(table.schema(), table.table());
    }

    private static WarehouseException fatal(String message) {
        return new WarehouseException(FailureKind.FATAL, message);
    }
}
