package io.backfill.warehouse;

import io.backfill.warehouse.duckdb.DuckDbConnections;
import io.backfill.warehouse.duckdb.DuckDbDialect;
import io.backfill.warehouse.postgres.PostgresConnections;
import io.backfill.warehouse.postgres.PostgresDialect;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Which warehouse to open, by JDBC URL: {@code jdbc:postgresql://…} or {@code jdbc:duckdb:/path/file.duckdb}
 * ({@code jdbc:duckdb:} alone is an in-memory database). The URL's prefix picks the dialect, so a new
 * warehouse kind means one dialect class plus one line here.
 */
public record WarehouseLocation(String jdbcUrl, String user, String password) {

    private static final String POSTGRES = "jdbc:postgresql:";
    private static final String DUCKDB = "jdbc:duckdb:";

    public WarehouseLocation {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** Opens the warehouse; the caller closes it. */
    public Warehouse open(WarehouseSettings settings) {
        try {
            if (jdbcUrl.startsWith(POSTGRES)) {
                return new Warehouse(new PostgresConnections(jdbcUrl, user, password), new PostgresDialect(), settings);
            }
            if (jdbcUrl.startsWith(DUCKDB)) {
                String file = jdbcUrl.substring(DUCKDB.length());
                DuckDbConnections connections =
                        file.isBlank() ? DuckDbConnections.inMemory() : DuckDbConnections.file(Path.of(file));
                return new Warehouse(connections, new DuckDbDialect(), settings);
            }
        } catch (SQLException e) {
            throw new WarehouseException(FailureClassifier.classify(e), "cannot open warehouse " + jdbcUrl, e);
        }
        throw new IllegalArgumentException(
                "unsupported warehouse URL '" + jdbcUrl + "': expected jdbc:postgresql://… or jdbc:duckdb:<file>");
    }
}
