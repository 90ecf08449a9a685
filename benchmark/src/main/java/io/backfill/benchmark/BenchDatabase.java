package io.backfill.benchmark;

import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.postgres.PostgresConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database of the benchmark's own, created next to the one the server URL names and
 * dropped at the end, so the benchmark never touches anyone else's tables (tests and other
 * developers share the server) and a crashed run leaves one obviously named database behind.
 */
final class BenchDatabase implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;
    private final boolean keep;

    private BenchDatabase(String serverUrl, String user, String password, String name, boolean keep) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
        this.keep = keep;
    }

    /** Creates {@code name} on the server {@code serverUrl} points at (any existing database there). */
    static BenchDatabase create(String serverUrl, String user, String password, String name, boolean keep)
            throws SQLException {
        BenchDatabase db = new BenchDatabase(serverUrl, user, password, name, keep);
        try (Connection c = new PostgresConnections(serverUrl, user, password).open();
                Statement s = c.createStatement()) {
            // The name is ours (letters, digits, underscore), never user input: safe to splice.
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return db;
    }

    /** The JDBC URL of the benchmark database: the server URL with its database replaced. */
    static String databaseUrl(String serverUrl, String database) {
        Matcher m = URL.matcher(serverUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + serverUrl);
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    String name() {
        return name;
    }

    String url() {
        return databaseUrl(serverUrl, name);
    }

    ConnectionSource connections() {
        return new PostgresConnections(url(), user, password);
    }

    String serverVersion() throws SQLException {
        try (Connection c = connections().open();
                Statement s = c.createStatement();
                var rows = s.executeQuery("SHOW server_version")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Override
    public void close() throws SQLException {
        if (keep) {
            return;
        }
        try (Connection c = new PostgresConnections(serverUrl, user, password).open();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
