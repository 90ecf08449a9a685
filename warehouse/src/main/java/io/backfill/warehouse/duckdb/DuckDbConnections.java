package io.backfill.warehouse.duckdb;

import io.backfill.warehouse.ConnectionSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * Connections to one embedded DuckDB database. DuckDB allows one process to own a database file, and an
 * in-memory database lives only as long as its first connection, so this source keeps one root
 * connection open and hands out duplicates of it, which share the database.
 */
public final class DuckDbConnections implements ConnectionSource {

    private final DuckDBConnection root;

    private DuckDbConnections(DuckDBConnection root) {
        this.root = root;
    }

    /** A database stored in {@code file}, created if missing. */
    public static DuckDbConnections file(Path file) throws SQLException {
        return new DuckDbConnections(
                (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()));
    }

    /** A private in-memory database that disappears on {@link #close()}. */
    public static DuckDbConnections inMemory() throws SQLException {
        return new DuckDbConnections((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"));
    }

    @Override
    public Connection open() throws SQLException {
        return root.duplicate();
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close DuckDB database", e);
        }
    }
}
