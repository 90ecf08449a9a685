package io.backfill.local;

import io.backfill.warehouse.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * The demo's warehouse content, in SQL that both DuckDB and PostgreSQL accept: raw orders over a
 * number of days, a store dimension, and a derived table {@code analytics.daily_revenue} that was
 * computed with a bug (amounts in cents were summed as if they were currency units, so revenue is
 * 100 times too high). The backfill recomputes it correctly.
 */
public final class SampleDataset {

    public static final String TARGET_SCHEMA = "analytics";
    public static final String TARGET_TABLE = "daily_revenue";
    public static final String PARTITION_COLUMN = "revenue_date";

    /** The fixed transformation: cents divided by 100, per day and store. */
    public static final String TRANSFORMATION_SQL = "SELECT order_date AS revenue_date, store_id,"
            + " COUNT(*) AS orders, CAST(SUM(amount_cents) / 100.0 AS DECIMAL(18,2)) AS revenue"
            + " FROM raw.orders WHERE order_date >= :partition_start AND order_date < :partition_end"
            + " GROUP BY order_date, store_id";

    private static final String BUGGY_SQL = "SELECT order_date AS revenue_date, store_id, COUNT(*) AS orders,"
            + " CAST(SUM(amount_cents) AS DECIMAL(18,2)) AS revenue FROM raw.orders GROUP BY order_date, store_id";

    private final LocalDate firstDay;
    private final int days;
    private final int ordersPerDay;
    private final int stores;

    public SampleDataset(LocalDate firstDay, int days, int ordersPerDay, int stores) {
        this.firstDay = firstDay;
        this.days = days;
        this.ordersPerDay = ordersPerDay;
        this.stores = stores;
    }

    public LocalDate firstDay() {
        return firstDay;
    }

    public LocalDate endDay() {
        return firstDay.plusDays(days);
    }

    public long orders() {
        return (long) days * ordersPerDay;
    }

    /** Drops and recreates the sample schemas and fills them. */
    public void create(ConnectionSource connections) throws SQLException {
        try (Connection connection = connections.open();
                Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS raw CASCADE");
            sql.execute("DROP SCHEMA IF EXISTS " + TARGET_SCHEMA + " CASCADE");
            sql.execute("CREATE SCHEMA raw");
            sql.execute("CREATE SCHEMA " + TARGET_SCHEMA);
            sql.execute("CREATE TABLE raw.stores (store_id INTEGER NOT NULL, name VARCHAR(40) NOT NULL)");
            sql.execute("INSERT INTO raw.stores SELECT i, 'store ' || CAST(i AS VARCHAR(10))"
                    + " FROM generate_series(1, " + stores + ") AS g(i)");
            sql.execute("CREATE TABLE raw.orders (order_id BIGINT NOT NULL, order_date DATE NOT NULL,"
                    + " store_id INTEGER NOT NULL, amount_cents BIGINT NOT NULL)");
            long total = orders();
            // Deterministic pseudo-random amounts, spread evenly over the days and, within each day, over
            // every store (order i falls on day i mod days; consecutive orders of a day go to the next store).
            sql.execute("INSERT INTO raw.orders SELECT i, DATE '" + firstDay + "' + CAST(i % " + days
                    + " AS INTEGER), 1 + CAST(FLOOR(i / " + days + ") AS BIGINT) % " + stores
                    + ", 100 + (i * 7919) % 20000 FROM generate_series(0, " + (total - 1) + ") AS g(i)");
            sql.execute("CREATE TABLE " + TARGET_SCHEMA + "." + TARGET_TABLE + " (revenue_date DATE NOT NULL,"
                    + " store_id INTEGER NOT NULL, orders BIGINT NOT NULL, revenue DECIMAL(18,2))");
            sql.execute("INSERT INTO " + TARGET_SCHEMA + "." + TARGET_TABLE + " " + BUGGY_SQL);
        }
    }
}
