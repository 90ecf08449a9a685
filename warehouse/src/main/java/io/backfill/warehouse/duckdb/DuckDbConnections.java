package io.backfill.warehouse.duckdb;

import io.backfill.warehouse.ConnectionSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

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
        return new DuckDbConnections(connect("jdbc:duckdb:" + file.toAbsolutePath()));
    }

    /** A private in-memory database that disappears on {@link #close()}. */
    public static DuckDbConnections inMemory() throws SQLException {
        return new DuckDbConnections(connect("jdbc:duckdb:"));
    }

    /**
     * Asks the driver directly rather than {@code DriverManager}, which only finds drivers registered from
     * the caller's class loader: inside frameworks with their own class loaders (Quarkus tests) it may not.
     */
    private static DuckDBConnection connect(String url) throws SQLException {
        return (DuckDBConnection) new DuckDBDriver().connect(url, new Properties());
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
