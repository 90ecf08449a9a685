package io.backfill.warehouse;

import io.backfill.core.Partition;
import io.backfill.core.TableRef;
import io.backfill.warehouse.sql.ControlNames;
import io.backfill.warehouse.sql.IdentifierGuard;
import io.backfill.warehouse.sql.Jdbc;
import io.backfill.warehouse.sql.NamedSql;
import io.backfill.warehouse.sql.Sql;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The measurements behind the validator's gates, so the validator never writes SQL itself. Each method
 * measures one partition of the staged or target rows of a checked {@link TargetTable}; every other
 * identifier it takes is checked against the catalogue and the allow-list first.
 */
public final class CheckQueries {

    private final Jdbc jdbc;
    private final IdentifierGuard guard;
    private final ControlNames names;
    private final WarehouseDialect dialect;

    CheckQueries(Jdbc jdbc, IdentifierGuard guard, ControlNames names) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.names = names;
        this.dialect = jdbc.dialect();
    }

    public long rowCount(TargetTable target, DataSet set, Partition partition) {
        PartitionScope scope = scope(target, set, partition);
        return jdbc.transaction(
                "row count of " + partition.key(),
                "-",
                tx -> tx.queryLong(
                        "SELECT COUNT(*) FROM " + scope.fromTable() + " WHERE " + scope.where(), scope.paramArray()));
    }

    /** Number of NULLs in each target column, in column order, with one scan. */
    public Map<String, Long> nullCounts(TargetTable target, DataSet set, Partition partition) {
        PartitionScope scope = scope(target, set, partition);
        List<String> columns = target.columnNames();
        String counts = columns.stream()
                .map(c -> "COUNT(*) - COUNT(" + Sql.quote(c) + ")")
                .collect(Collectors.joining(", "));
        return jdbc.transaction(
                "null counts of " + partition.key(),
                "-",
                tx -> tx.query(
                                "SELECT " + counts + " FROM " + scope.fromTable() + " WHERE " + scope.where(),
                                r -> {
                                    Map<String, Long> result = new LinkedHashMap<>();
                                    for (int i = 0; i < columns.size(); i++) {
                                        result.put(columns.get(i), r.getLong(i + 1));
                                    }
                                    return result;
                                },
                                scope.paramArray())
                        .get(0));
    }

    /** Rows beyond the first of each group sharing the same values of {@code keyColumns}. */
    public long duplicateRows(TargetTable target, DataSet set, Partition partition, List<String> keyColumns) {
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("a uniqueness check needs at least one key column");
        }
        guard.requireColumns(target, keyColumns);
        PartitionScope scope = scope(target, set, partition);
        String keys = Sql.columnList("", keyColumns);
        return jdbc.transaction(
                "duplicates of " + partition.key(),
                "-",
                tx -> tx.queryLong(
                        "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM " + scope.fromTable()
                                + " WHERE " + scope.where() + " GROUP BY " + keys + " HAVING COUNT(*) > 1) d",
                        scope.paramArray()));
    }

    /** Rows whose non-null {@code column} has no match in {@code dimension.dimensionColumn}. */
    public long orphans(
            TargetTable target,
            DataSet set,
            Partition partition,
            String column,
            TableRef dimension,
            String dimensionColumn) {
        guard.requireColumns(target, List.of(column));
        PartitionScope scope = scope(target, set, partition);
        return jdbc.transaction("orphans of " + partition.key(), "-", tx -> {
            guard.requireColumn(tx, dimension, dimensionColumn);
            return tx.queryLong(
                    "SELECT COUNT(*) FROM " + scope.fromTable() + " s WHERE " + scope.where()
                            + " AND s." + Sql.quote(column) + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                            + Sql.qualified(dimension.schema(), dimension.table()) + " d WHERE d."
                            + Sql.quote(dimensionColumn) + " = s." + Sql.quote(column) + ")",
                    scope.paramArray());
        });
    }

    /** Rows whose time {@code column} is NULL, outside the partition's bounds or after {@code now}. */
    public long timestampsOutOfBounds(
            TargetTable target, DataSet set, Partition partition, String column, Instant now) {
        guard.requireColumns(target, List.of(column));
        ColumnInfo info = target.column(column).orElseThrow();
        PartitionColumnKind kind = dialect.partitionKindOf(info.sqlType())
                .orElseThrow(() -> new IdentifierRejectedException(
                        "column '" + column + "' has type " + info.sqlType() + ", not a date or timestamp"));
        PartitionScope scope = scope(target, set, partition);
        String c = Sql.quote(column);
        List<Object> params = new ArrayList<>(scope.params());
        params.add(kind.startOf(partition));
        params.add(kind.endOf(partition));
        params.add(kind.bindValue(now.atZone(partition.zone())));
        return jdbc.transaction(
                "time bounds of " + partition.key(),
                "-",
                tx -> tx.queryLong(
                        "SELECT COUNT(*) FROM " + scope.fromTable() + " WHERE " + scope.where() + " AND (" + c
                                + " IS NULL OR " + c + " < ? OR " + c + " >= ? OR " + c + " > ?)",
                        params.toArray()));
    }

    /** Sum of a numeric column; zero for an empty partition. */
    public BigDecimal sum(TargetTable target, DataSet set, Partition partition, String column) {
        guard.requireColumns(target, List.of(column));
        PartitionScope scope = scope(target, set, partition);
        String text = jdbc.transaction(
                "sum of " + partition.key(),
                "-",
                tx -> tx.query(
                                "SELECT CAST(COALESCE(SUM(" + Sql.quote(column) + "), 0) AS VARCHAR) FROM "
                                        + scope.fromTable() + " WHERE " + scope.where(),
                                r -> r.getString(1),
                                scope.paramArray())
                        .get(0));
        return new BigDecimal(text.strip());
    }

    /** Row count of the transformation itself for the partition, the "source count". */
    public long sourceCount(TargetTable target, Partition partition, String transformationSql) {
        return Long.parseLong(
                sourceAggregate(target, partition, transformationSql, "CAST(COUNT(*) AS VARCHAR)", "source count"));
    }

    /**
     * Sum of one target column over the transformation (or another source query with the same named
     * parameters) for the partition: what the staged sum must match.
     */
    public BigDecimal sourceSum(TargetTable target, Partition partition, String sourceSql, String column) {
        guard.requireColumns(target, List.of(column));
        return new BigDecimal(sourceAggregate(
                        target,
                        partition,
                        sourceSql,
                        "CAST(COALESCE(SUM(q." + Sql.quote(column) + "), 0) AS VARCHAR)",
                        "source sum of " + column)
                .strip());
    }

    /** One aggregate over the source query, bounds bound as parameters, returned as text. */
    private String sourceAggregate(
            TargetTable target, Partition partition, String sourceSql, String aggregate, String what) {
        NamedSql sql = NamedSql.parse(sourceSql);
        Map<String, Object> bounds = Staging.boundsOf(target, partition);
        sql.requireKnown(bounds);
        return jdbc.transaction(what + " of " + partition.key(), "-", tx -> {
            try (PreparedStatement statement = tx.prepare("SELECT " + aggregate + " FROM (" + sql.jdbcSql() + ") q")) {
                sql.bind(statement, 1, bounds);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    /**
     * Runs a custom assertion, a query with the same named parameters as transformations that must return
     * no row. Returns up to {@code maxRows} offending rows as {@code column=value} text.
     */
    public AssertionResult assertion(TargetTable target, Partition partition, String assertionSql, int maxRows) {
        NamedSql sql = NamedSql.parse(assertionSql);
        Map<String, Object> bounds = Staging.boundsOf(target, partition);
        sql.requireKnown(bounds);
        return jdbc.transaction("assertion on " + partition.key(), "-", tx -> {
            try (PreparedStatement statement = tx.prepare("SELECT * FROM (" + sql.jdbcSql() + ") q")) {
                sql.bind(statement, 1, bounds);
                statement.setMaxRows(maxRows);
                try (ResultSet rows = statement.executeQuery()) {
                    ResultSetMetaData meta = rows.getMetaData();
                    List<String> offending = new ArrayList<>();
                    while (rows.next() && offending.size() < maxRows) {
                        List<String> cells = new ArrayList<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            cells.add(meta.getColumnLabel(i) + "=" + rows.getString(i));
                        }
                        offending.add(String.join(", ", cells));
                    }
                    return new AssertionResult(offending.isEmpty(), offending);
                }
            }
        });
    }

    /**
     * Differences between the staging table's columns (without its bookkeeping tags) and the target's:
     * missing or extra columns, and type or nullability mismatches. Empty when they match.
     */
    public List<String> schemaDifferences(TargetTable target) {
        return jdbc.transaction("schema comparison of " + target.table(), "-", tx -> {
            Map<String, ColumnInfo> staged = new LinkedHashMap<>();
            for (ColumnInfo c : guard.columnsOf(tx, names.staging(target.table()))) {
                if (!c.name().startsWith("bf_")) {
                    staged.put(c.name(), c);
                }
            }
            Map<String, ColumnInfo> current = new LinkedHashMap<>();
            guard.columnsOf(tx, target.table()).forEach(c -> current.put(c.name(), c));
            List<String> differences = new ArrayList<>();
            for (ColumnInfo t : current.values()) {
                ColumnInfo s = staged.get(t.name());
                if (s == null) {
                    differences.add("column " + t.name() + " is missing in staging");
                } else {
                    if (!s.sqlType().equalsIgnoreCase(t.sqlType())) {
                        differences.add("column " + t.name() + " is " + s.sqlType() + " in staging but " + t.sqlType()
                                + " in target");
                    }
                    if (s.nullable() != t.nullable()) {
                        differences.add("column " + t.name() + " is " + (s.nullable() ? "nullable" : "NOT NULL")
                                + " in staging but " + (t.nullable() ? "nullable" : "NOT NULL") + " in target");
                    }
                }
            }
            staged.keySet().stream()
                    .filter(name -> !current.containsKey(name))
                    .forEach(name -> differences.add("column " + name + " exists in staging but not in target"));
            return differences;
        });
    }

    private PartitionScope scope(TargetTable target, DataSet set, Partition partition) {
        if (set == DataSet.CORRIDOR) {
            throw new IllegalArgumentException("checks read staged or target rows, not the corridor");
        }
        return PartitionScope.of(names, target, set, partition, null);
    }
}
