package io.backfill.warehouse;

import io.backfill.core.TableRef;
import io.backfill.warehouse.sql.ControlNames;
import io.backfill.warehouse.sql.Sql;
import io.backfill.warehouse.sql.Tx;
import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * Creates, idempotently, the control schema's tables: checkpoints and publish log (shared by all
 * targets), and per target a staging table and a rollback-corridor table with the target's columns plus
 * {@code bf_backfill_id}, {@code bf_phase_id} and {@code bf_partition_key} tags.
 *
 * <p>No primary keys: DuckDB checks them eagerly within a transaction, which breaks the delete-then-insert
 * upserts; every write to these tables happens in one transaction per phase and partition instead.
 */
final class ControlTables {

    private final ControlNames names;

    ControlTables(ControlNames names) {
        this.names = names;
    }

    void create(Tx tx, TargetTable target) throws SQLException {
        tx.update("CREATE SCHEMA IF NOT EXISTS " + Sql.quote(names.controlSchema()));
        tx.update("CREATE TABLE IF NOT EXISTS " + names.checkpoints() + " ("
                + "backfill_id VARCHAR NOT NULL, phase_id VARCHAR NOT NULL, target_table VARCHAR NOT NULL, "
                + "partition_key VARCHAR NOT NULL, grain VARCHAR NOT NULL, zone_id VARCHAR NOT NULL, "
                + "row_count BIGINT NOT NULL, duration_ms BIGINT NOT NULL, "
                + "staged_at TIMESTAMP WITH TIME ZONE NOT NULL, checksum VARCHAR NOT NULL, state VARCHAR NOT NULL)");
        tx.update("CREATE TABLE IF NOT EXISTS " + names.publishLog() + " ("
                + "backfill_id VARCHAR NOT NULL, phase_id VARCHAR NOT NULL, target_table VARCHAR NOT NULL, "
                + "partition_key VARCHAR NOT NULL, action VARCHAR NOT NULL, rows_before BIGINT, rows_after BIGINT, "
                + "checksum_before VARCHAR, checksum_after VARCHAR, logged_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        tx.update(createTagged(names.staging(target.table()), target));
        tx.update(createTagged(names.corridor(target.table()), target));
    }

    private static String createTagged(TableRef table, TargetTable target) {
        // Types come from the catalogue's own spelling of the target's columns, never from a request.
        String columns = target.columns().stream()
                .map(c -> Sql.quote(c.name()) + " " + c.sqlType() + (c.nullable() ? "" : " NOT NULL"))
                .collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS " + Sql.qualified(table.schema(), table.table()) + " (" + columns
                + ", \"bf_backfill_id\" VARCHAR NOT NULL, \"bf_phase_id\" VARCHAR NOT NULL,"
                + " \"bf_partition_key\" VARCHAR NOT NULL)";
    }
}
