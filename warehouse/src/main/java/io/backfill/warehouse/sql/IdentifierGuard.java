package io.backfill.warehouse.sql;

import io.backfill.core.TableRef;
import io.backfill.warehouse.ColumnInfo;
import io.backfill.warehouse.IdentifierRejectedException;
import io.backfill.warehouse.PartitionColumnKind;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.WarehouseDialect;
import io.backfill.warehouse.WarehouseSettings;
import java.sql.SQLException;
import java.util.List;

/**
 * Checks identifiers before they reach SQL: plain ASCII syntax (via {@link TableRef}), the schema
 * allow-list, and existence in the catalogue, asked with bound parameters. Only names that pass are ever
 * quoted into statements.
 */
public final class IdentifierGuard {

    private final WarehouseDialect dialect;
    private final WarehouseSettings settings;

    public IdentifierGuard(WarehouseDialect dialect, WarehouseSettings settings) {
        this.dialect = dialect;
        this.settings = settings;
    }

    /** The table's columns; refuses schemas outside the allow-list and tables not in the catalogue. */
    public List<ColumnInfo> columnsOf(Tx tx, TableRef table) throws SQLException {
        requireAllowedSchema(table.schema());
        List<ColumnInfo> columns = tx.query(
                dialect.columnsQuery(),
                r -> new ColumnInfo(r.getString(1), r.getString(2), "YES".equalsIgnoreCase(r.getString(3))),
                table.schema(),
                table.table());
        if (columns.isEmpty()) {
            throw new IdentifierRejectedException("table '" + table.qualified() + "' does not exist in the catalogue");
        }
        return columns;
    }

    /** Checks a target and its partition column and returns the described table. */
    public TargetTable target(Tx tx, TableRef table, String partitionColumn) throws SQLException {
        requireSyntax(partitionColumn, "partition column");
        List<ColumnInfo> columns = columnsOf(tx, table);
        ColumnInfo column = columns.stream()
                .filter(c -> c.name().equals(partitionColumn))
                .findFirst()
                .orElseThrow(() -> unknownColumn(table, partitionColumn));
        PartitionColumnKind kind = dialect.partitionKindOf(column.sqlType())
                .orElseThrow(() -> new IdentifierRejectedException("partition column '" + partitionColumn + "' of "
                        + table.qualified() + " has type " + column.sqlType()
                        + ", expected DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE"));
        return new TargetTable(table, columns, partitionColumn, kind);
    }

    /** Refuses any name that is not a column of {@code target}. */
    public void requireColumns(TargetTable target, List<String> names) {
        for (String name : names) {
            requireSyntax(name, "column");
            if (target.column(name).isEmpty()) {
                throw unknownColumn(target.table(), name);
            }
        }
    }

    /** Refuses {@code column} unless it is a column of the (allow-listed, existing) table. */
    public void requireColumn(Tx tx, TableRef table, String column) throws SQLException {
        requireSyntax(column, "column");
        if (columnsOf(tx, table).stream().noneMatch(c -> c.name().equals(column))) {
            throw unknownColumn(table, column);
        }
    }

    public void requireAllowedSchema(String schema) {
        requireSyntax(schema, "schema");
        if (!settings.allows(schema)) {
            throw new IdentifierRejectedException(
                    "schema '" + schema + "' is not in the allow-list of schemas the coordinator may touch");
        }
    }

    private static void requireSyntax(String name, String role) {
        try {
            TableRef.requireIdentifier(name, role);
        } catch (IllegalArgumentException e) {
            throw new IdentifierRejectedException(e.getMessage());
        }
    }

    private static IdentifierRejectedException unknownColumn(TableRef table, String column) {
        return new IdentifierRejectedException("column '" + column + "' does not exist in " + table.qualified());
    }
}
