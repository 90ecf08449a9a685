package io.backfill.warehouse.postgres;

import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.LoadSignals;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A new PostgreSQL connection per call through the JDBC driver. Enough for executors that hold a few
 * connections; put a pool behind {@link ConnectionSource} when that stops being true.
 */
public final class PostgresConnections implements ConnectionSource {

    // The driver is asked directly: DriverManager only sees drivers registered from the caller's class loader.
    private static final Driver DRIVER = new org.postgresql.Driver();

    private final String url;
    private final Properties properties;

    public PostgresConnections(String url, String user, String password) {
        this.url = url;
        this.properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password == null ? "" : password);
        properties.setProperty("ApplicationName", LoadSignals.COORDINATOR_APPLICATION);
    }

    @Override
    public Connection open() throws SQLException {
        Connection connection = DRIVER.connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }
}
