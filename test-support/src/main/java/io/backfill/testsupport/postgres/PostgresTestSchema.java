package io.backfill.testsupport.postgres;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A uniquely named PostgreSQL schema that exists for the lifetime of this object, so tests never see
 * each other's tables even when many runs share one server.
 *
 * <p>The server is this JVM's {@link PostgresServer#shared()}: {@code BACKFILL_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code BACKFILL_PG_USER} (default {@code postgres}) and
 * {@code BACKFILL_PG_PASSWORD} (default empty), or a Testcontainers PostgreSQL (see {@link PostgresServers}).
 */
public final class PostgresTestSchema implements AutoCloseable {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private static final Driver DRIVER = new org.postgresql.Driver();

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String schema;

    private PostgresTestSchema(String serverUrl, String user, String password, String schema) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /** Creates a fresh schema named after {@code owner} plus a random suffix. */
    public static PostgresTestSchema create(String owner) {
        PostgresServer server = PostgresServer.shared();
        String url = server.url();
        String schema = schemaNameFor(owner);
        PostgresTestSchema created = new PostgresTestSchema(url, server.user(), server.password(), schema);
        try (Connection connection = created.connectToServer();
                Statement statement = connection.createStatement()) {
            // The name is generated from [a-z0-9_] only, so quoting it is enough.
            statement.execute("CREATE SCHEMA \"" + schema + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot create test schema " + schema + " on " + url + " (" + server.origin()
                            + "; is PostgreSQL running? set BACKFILL_PG_URL to point elsewhere)",
                    e);
        }
        return created;
    }

    static String schemaNameFor(String owner) {
        String cleaned = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (cleaned.length() > 40) {
            cleaned = cleaned.substring(cleaned.length() - 40);
        }
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        return "t_" + cleaned + "_" + suffix;
    }

    /** The schema's name; unquoted identifiers in it are lower case. */
    public String schema() {
        return schema;
    }

    /** JDBC URL of the server, without a schema setting. */
    public String serverUrl() {
        return serverUrl;
    }

    /** JDBC URL whose connections resolve unqualified names in this schema first. */
    public String jdbcUrl() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new connection whose search path is this schema. The caller closes it. */
    public Connection connect() throws SQLException {
        return open(jdbcUrl());
    }

    private Connection connectToServer() throws SQLException {
        return open(serverUrl);
    }

    /** Asks the driver directly: DriverManager misses drivers loaded by another class loader (Quarkus tests). */
    private Connection open(String url) throws SQLException {
        return DRIVER.connect(url, credentials());
    }

    private Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return properties;
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() {
        try (Connection connection = connectToServer();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test schema " + schema, e);
        }
    }
}
