package io.backfill.warehouse;

import io.backfill.core.Partition;
import io.backfill.warehouse.sql.ControlNames;
import io.backfill.warehouse.sql.Sql;
import java.util.List;

/**
 * The rows of one partition in one {@link DataSet}: which table to read and the WHERE clause with its
 * bound values. Staged rows are found by their partition-key tag, target rows by the partition column's
 * bounds, corridor rows by phase and partition key.
 */
record PartitionScope(String fromTable, String where, List<Object> params) {

    static PartitionScope of(ControlNames names, TargetTable target, DataSet set, Partition partition, String phaseId) {
        return switch (set) {
            case STAGED ->
                new PartitionScope(
                        qualified(names.staging(target.table())), "\"bf_partition_key\" = ?", List.of(partition.key()));
            case TARGET -> target(target, partition);
            case CORRIDOR ->
                new PartitionScope(
                        qualified(names.corridor(target.table())),
                        "\"bf_phase_id\" = ? AND \"bf_partition_key\" = ?",
                        List.of(requirePhase(phaseId), partition.key()));
        };
    }

    static PartitionScope target(TargetTable target, Partition partition) {
        String column = Sql.quote(target.partitionColumn());
        return new PartitionScope(
                qualified(target.table()),
                column + " >= ? AND " + column + " < ?",
                List.of(target.kind().startOf(partition), target.kind().endOf(partition)));
    }

    Object[] paramArray() {
        return params.toArray();
    }

    private static String qualified(io.backfill.core.TableRef table) {
        return Sql.qualified(table.schema(), table.table());
    }

    private static String requirePhase(String phaseId) {
        if (phaseId == null) {
            throw new IllegalArgumentException("corridor rows are addressed by phase id, which is missing");
        }
        return phaseId;
    }
}
