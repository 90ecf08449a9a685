package io.backfill.e2e;

import io.backfill.testsupport.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL database of its own for one e2e run, created at start and dropped (connections forced
 * off) at the end, so the services can use the production schema layout ({@code raw}, {@code analytics},
 * {@code backfill_control}) without meeting anyone else's tables on a shared server. The server comes from
 * {@link PostgresServer#shared()} as for every test ({@code BACKFILL_PG_URL} or Testcontainers).
 */
final class E2eDatabase implements AutoCloseable {

    private static final Driver DRIVER = new org.postgresql.Driver();

    final String name;
    final String jdbcUrl;
    final String user;
    final String password;
    private final String serverUrl;

    private E2eDatabase(String serverUrl, String name, String user, String password) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.jdbcUrl = withDatabase(serverUrl, name);
        this.user = user;
        this.password = password;
    }

    static E2eDatabase create() {
        PostgresServer shared = PostgresServer.shared();
        String server = shared.url();
        String name = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        E2eDatabase database = new E2eDatabase(server, name, shared.user(), shared.password());
        try (Connection connection = database.open(server);
                Statement sql = connection.createStatement()) {
            // The name is generated from [a-z0-9_] only.
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + name + " on " + server + " (is PostgreSQL running?)", e);
        }
        return database;
    }

    /** {@code jdbc:postgresql://host:port/db?params} with {@code db} replaced. */
    static String withDatabase(String serverUrl, String database) {
        int slash = serverUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = serverUrl.indexOf('?');
        String params = query < 0 ? "" : serverUrl.substring(query);
        String hostPart =
                slash < 0 ? (query < 0 ? serverUrl : serverUrl.substring(0, query)) : serverUrl.substring(0, slash);
        return hostPart + "/" + database + params;
    }

    Connection connect() throws SQLException {
        return open(jdbcUrl);
    }

    private Connection open(String url) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        return DRIVER.connect(url, credentials);
    }

    @Override
    public void close() {
        try (Connection connection = open(serverUrl);
                Statement sql = connection.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name, e);
        }
    }
}
