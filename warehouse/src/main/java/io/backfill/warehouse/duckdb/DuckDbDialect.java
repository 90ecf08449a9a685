package io.backfill.warehouse.duckdb;

import io.backfill.core.PartitionGrain;
import io.backfill.warehouse.PartitionColumnKind;
import io.backfill.warehouse.WarehouseDialect;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * DuckDB, embedded: the zero-setup warehouse. It has no session statement timeout, but its JDBC driver
 * honours {@code Statement.setQueryTimeout} (it interrupts the query and throws
 * {@code SQLTimeoutException}, checked with duckdb_jdbc 1.5.2.1), so the shared runner sets one on every
 * statement. Rows hash with DuckDB's own 64-bit {@code hash} of all column values. Only the canary
 * measures load: there are no activity views.
 */
public final class DuckDbDialect implements WarehouseDialect {

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String columnsQuery() {
        return "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
    }

    @Override
    public Optional<PartitionColumnKind> partitionKindOf(String sqlType) {
        String type = sqlType.toUpperCase(Locale.ROOT);
        return switch (type) {
            case "DATE" -> Optional.of(PartitionColumnKind.DATE);
            case "TIMESTAMP", "TIMESTAMP_US", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP_NS" ->
                Optional.of(PartitionColumnKind.TIMESTAMP);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> Optional.of(PartitionColumnKind.TIMESTAMPTZ);
            default -> Optional.empty();
        };
    }

    @Override
    public String rowHash(List<String> quotedColumns) {
        return "hash(" + String.join(", ", quotedColumns) + ")";
    }

    @Override
    public String partitionBucket(String quotedColumn, PartitionColumnKind kind, PartitionGrain grain) {
        String unit = grain.name().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case DATE, TIMESTAMP -> "date_trunc('" + unit + "', " + quotedColumn + ")";
            // Local wall-clock hours merge on a fall-back night, so hours group by 15-minute UTC slices, which
            // never straddle an hour partition in any zone with a quarter-hour offset.
            case TIMESTAMPTZ ->
                grain == PartitionGrain.HOUR
                        ? "floor(epoch(" + quotedColumn + ") / 900)"
                        : "date_trunc('" + unit + "', timezone(CAST(? AS VARCHAR), " + quotedColumn + "))";
        };
    }

    @Override
    public boolean bucketBindsZone(PartitionColumnKind kind, PartitionGrain grain) {
        return kind == PartitionColumnKind.TIMESTAMPTZ && grain != PartitionGrain.HOUR;
    }

    @Override
    public boolean applySessionLimits(Connection connection, Duration statementTimeout) {
        return false;
    }
}
