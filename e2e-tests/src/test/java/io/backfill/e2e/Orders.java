package io.backfill.e2e;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * The e2e warehouse content: raw orders for January 2026 and a store dimension (shared by every test), and
 * per test its own derived target table {@code analytics.<name>} filled by a buggy job (revenue summed in
 * cents, so 100 times too high) for the backfill to correct. One target table per test keeps backfills of
 * different tests from queueing behind each other (they never overlap).
 */
final class Orders {

    static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
    static final int DAYS = 31;
    static final int ORDERS_PER_DAY = 60;
    static final int STORES = 5;

    /** The fixed transformation for one partition. */
    static final String CORRECT_SQL = "SELECT order_date AS revenue_date, store_id, COUNT(*) AS orders,"
            + " CAST(SUM(amount_cents) / 100.0 AS DECIMAL(18,2)) AS revenue FROM raw.orders"
            + " WHERE order_date >= :partition_start AND order_date < :partition_end GROUP BY order_date, store_id";

    /** A "fix" that loses store 3's revenue: the gate's null-rate check must stop it. */
    static final String CORRUPTING_SQL = "SELECT order_date AS revenue_date, store_id, COUNT(*) AS orders,"
            + " CASE WHEN store_id = 3 THEN NULL ELSE CAST(SUM(amount_cents) / 100.0 AS DECIMAL(18,2)) END AS revenue"
            + " FROM raw.orders WHERE order_date >= :partition_start AND order_date < :partition_end"
            + " GROUP BY order_date, store_id";

    private static final String BUGGY_SQL = "SELECT order_date, store_id, COUNT(*),"
            + " CAST(SUM(amount_cents) AS DECIMAL(18,2)) FROM raw.orders GROUP BY order_date, store_id";

    private Orders() {}

    /** The correct transformation, each partition taking at least {@code seconds} (pg_sleep), for timing-sensitive tests. */
    static String slowSql(double seconds) {
        return CORRECT_SQL.replace(
                "FROM raw.orders", "FROM raw.orders CROSS JOIN (SELECT pg_sleep(" + seconds + ")) AS slow");
    }

    static void createRaw(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA raw");
            sql.execute("CREATE SCHEMA analytics");
            sql.execute("CREATE TABLE raw.stores (store_id INTEGER NOT NULL, name VARCHAR(40) NOT NULL)");
            sql.execute("INSERT INTO raw.stores SELECT i, 'store ' || i FROM generate_series(1, " + STORES + ") i");
            sql.execute("CREATE TABLE raw.orders (order_id BIGINT NOT NULL, order_date DATE NOT NULL,"
                    + " store_id INTEGER NOT NULL, amount_cents BIGINT NOT NULL)");
            sql.execute("INSERT INTO raw.orders SELECT i, DATE '" + FIRST_DAY + "' + (i % " + DAYS + ")::int,"
                    + " 1 + (i * 31) % " + STORES + ", 100 + (i * 7919) % 20000"
                    + " FROM generate_series(0, " + (DAYS * ORDERS_PER_DAY - 1) + ") i");
        }
    }

    /** Creates {@code analytics.<table>} with the buggy contents; {@code table} is a plain identifier. */
    static void createTarget(Connection connection, String table) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE analytics." + table + " (revenue_date DATE NOT NULL, store_id INTEGER NOT NULL,"
                    + " orders BIGINT NOT NULL, revenue DECIMAL(18,2))");
            sql.execute("INSERT INTO analytics." + table + " " + BUGGY_SQL);
        }
    }

    /**
     * Creates {@code analytics.<table>_expected}: the correct transformation computed directly over the
     * whole month, with no coordinator involved, to compare the backfilled target against.
     */
    static String createExpected(Connection connection, String table) throws SQLException {
        String expected = table + "_expected";
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE analytics." + expected + " (LIKE analytics." + table + ")");
            sql.execute("INSERT INTO analytics." + expected + " "
                    + CORRECT_SQL
                            .replace(":partition_start", "DATE '" + FIRST_DAY + "'")
                            .replace(":partition_end", "DATE '" + FIRST_DAY.plusDays(DAYS) + "'"));
        }
        return expected;
    }
}
