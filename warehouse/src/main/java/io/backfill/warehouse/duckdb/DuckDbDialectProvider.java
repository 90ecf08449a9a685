package io.backfill.warehouse.duckdb;

import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.WarehouseDialect;
import io.backfill.warehouse.WarehouseDialectProvider;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Embedded DuckDB at {@code jdbc:duckdb:/path/file.duckdb} (created if missing), or {@code jdbc:duckdb:}
 * alone for a private in-memory database. User and password do not apply.
 */
public final class DuckDbDialectProvider implements WarehouseDialectProvider {

    private static final String PREFIX = "jdbc:duckdb:";

    @Override
    public String urlPrefix() {
        return PREFIX;
    }

    @Override
    public ConnectionSource connect(String jdbcUrl, String user, String password) throws SQLException {
        String file = jdbcUrl.substring(PREFIX.length());
        return file.isBlank() ? DuckDbConnections.inMemory() : DuckDbConnections.file(Path.of(file));
    }

    @Override
    public WarehouseDialect dialect() {
        return new DuckDbDialect();
    }
}
