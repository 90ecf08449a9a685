package io.backfill.benchmark;

import io.backfill.warehouse.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;

/**
 * The benchmark's warehouse: a sales fact table of {@code rows} rows spread evenly over {@code days}
 * days (set-based {@code generate_series}, UNLOGGED: the benchmark needs speed, not crash safety),
 * store and product dimensions, and the derived table {@code mart.daily_store_sales} (one row per
 * day and store) that the backfill recomputes. The derived table starts out wrong the way real ones
 * do after a logic bug: revenue summed in cents, distinct customers counted as orders, and no
 * trailing-window figures.
 *
 * <p>Rows are inserted in date order, so the table is physically clustered by day and a BRIN index
 * on {@code sale_date} lets both the dashboards and the per-day transformation read only their days.
 */
final class FactDataset {

    static final String TARGET_SCHEMA = "mart";
    static final String TARGET_TABLE = "daily_store_sales";
    static final String PARTITION_COLUMN = "sale_date";
    static final int STORES = 200;
    static final int PRODUCTS = 2_000;
    static final int CUSTOMERS = 500_000;

    private final LocalDate firstDay;
    private final int days;
    private final long rows;

    FactDataset(LocalDate firstDay, int days, long rows) {
        this.firstDay = firstDay;
        this.days = days;
        this.rows = rows;
    }

    LocalDate firstDay() {
        return firstDay;
    }

    LocalDate endDay() {
        return firstDay.plusDays(days);
    }

    int days() {
        return days;
    }

    long rows() {
        return rows;
    }

    /**
     * The fixed transformation for one day: orders, distinct customers and revenue per store, plus
     * each store's revenue and distinct active customers over the trailing {@code windowDays} days
     * (the heavy part: it reads and sorts {@code windowDays} days of facts per partition, which is what
     * makes a backfill of this table compete with the dashboards).
     */
    static String transformationSql(int windowDays) {
        return "SELECT d.sale_date, d.store_id, st.region, d.orders, d.customers, d.revenue, w.revenue_window,"
                + " w.active_customers_window"
                + " FROM (SELECT sale_date, store_id, COUNT(*) AS orders, COUNT(DISTINCT customer_id) AS customers,"
                + " CAST(SUM(amount_cents) / 100.0 AS NUMERIC(18,2)) AS revenue FROM bench.sales"
                + " WHERE sale_date >= :partition_start AND sale_date < :partition_end GROUP BY sale_date, store_id) d"
                + " JOIN bench.stores st ON st.store_id = d.store_id"
                + " JOIN (SELECT store_id, CAST(SUM(amount_cents) / 100.0 AS NUMERIC(18,2)) AS revenue_window,"
                + " COUNT(DISTINCT customer_id) AS active_customers_window"
                + " FROM bench.sales WHERE sale_date >= CAST(:partition_start AS date) - " + (windowDays - 1)
                + " AND sale_date < :partition_end GROUP BY store_id) w ON w.store_id = d.store_id";
    }

    /** Timings of {@link #create}. */
    record Timings(Duration facts, Duration index, Duration aggregate) {
        Duration total() {
            return facts.plus(index).plus(aggregate);
        }
    }

    Timings create(ConnectionSource connections) throws SQLException {
        try (Connection connection = connections.open();
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE SCHEMA bench");
            sql.execute("CREATE SCHEMA " + TARGET_SCHEMA);
            sql.execute("CREATE TABLE bench.stores (store_id INTEGER PRIMARY KEY, region TEXT NOT NULL)");
            sql.execute("INSERT INTO bench.stores SELECT i, 'region-' || (i % 8) FROM generate_series(1, " + STORES
                    + ") AS g(i)");
            sql.execute("CREATE TABLE bench.products (product_id INTEGER PRIMARY KEY, category TEXT NOT NULL)");
            sql.execute("INSERT INTO bench.products SELECT i, 'category-' || (i % 20) FROM generate_series(1, "
                    + PRODUCTS + ") AS g(i)");
            sql.execute("CREATE UNLOGGED TABLE bench.sales (sale_id BIGINT NOT NULL, sale_date DATE NOT NULL,"
                    + " store_id INTEGER NOT NULL, customer_id INTEGER NOT NULL, product_id INTEGER NOT NULL,"
                    + " quantity INTEGER NOT NULL, amount_cents BIGINT NOT NULL)");
            long perDay = (rows + days - 1) / days;
            long started = System.nanoTime();
            // Deterministic pseudo-random spread from multiplicative hashing of the row number.
            sql.execute("INSERT INTO bench.sales SELECT i, DATE '" + firstDay + "' + CAST(i / " + perDay
                    + " AS INTEGER), CAST(1 + (i * 31) % " + STORES + " AS INTEGER), CAST(1 + (i * 7919) % "
                    + CUSTOMERS + " AS INTEGER), CAST(1 + (i * 104729) % " + PRODUCTS + " AS INTEGER),"
                    + " CAST(1 + i % 5 AS INTEGER), 100 + (i * 7919) % 20000"
                    + " FROM generate_series(CAST(0 AS BIGINT), " + (rows - 1) + ") AS g(i)");
            Duration facts = since(started);
            started = System.nanoTime();
            sql.execute("CREATE INDEX sales_by_day ON bench.sales USING brin (sale_date) WITH (pages_per_range = 16)");
            // The foreground's lookups: one customer's latest orders ...
            sql.execute("CREATE INDEX sales_by_customer ON bench.sales (customer_id)");
            // ... and one store's day.
            sql.execute("CREATE INDEX sales_by_store_day ON bench.sales (store_id, sale_date)");
            // VACUUM, not only ANALYZE: sets the visibility map, so index-only and BRIN scans cost the same in
            // every scenario instead of getting cheaper as hint bits are set by whichever scenario reads first.
            sql.execute("VACUUM ANALYZE bench.sales");
            Duration index = since(started);
            started = System.nanoTime();
            sql.execute("CREATE TABLE " + TARGET_SCHEMA + "." + TARGET_TABLE + " (sale_date DATE NOT NULL,"
                    + " store_id INTEGER NOT NULL, region TEXT NOT NULL, orders BIGINT NOT NULL,"
                    + " customers BIGINT NOT NULL, revenue NUMERIC(18,2), revenue_window NUMERIC(18,2),"
                    + " active_customers_window BIGINT)");
            sql.execute("INSERT INTO " + TARGET_SCHEMA + "." + TARGET_TABLE
                    + " SELECT s.sale_date, s.store_id, st.region, COUNT(*), COUNT(*), SUM(s.amount_cents), NULL, NULL"
                    + " FROM bench.sales s JOIN bench.stores st ON st.store_id = s.store_id"
                    + " GROUP BY s.sale_date, s.store_id, st.region");
            sql.execute(
                    "CREATE INDEX daily_store_sales_by_day ON " + TARGET_SCHEMA + "." + TARGET_TABLE + " (sale_date)");
            sql.execute("VACUUM ANALYZE " + TARGET_SCHEMA + "." + TARGET_TABLE);
            // Every scenario starts from these contents (see restoreTarget).
            sql.execute("CREATE TABLE bench.daily_store_sales_template AS SELECT * FROM " + TARGET_SCHEMA + "."
                    + TARGET_TABLE);
            sql.execute("VACUUM ANALYZE bench.stores");
            sql.execute("VACUUM ANALYZE bench.products");
            return new Timings(facts, index, since(started));
        }
    }

    /**
     * Puts the target back to its state after loading, so every scenario publishes into the same
     * contents: the rows from the template, vacuumed and analysed; then reads every fact once so the
     * cache state is the same (the whole data set fits in shared buffers) and checkpoints, so no
     * scenario pays for the previous one's dirty pages.
     */
    static void restoreTarget(ConnectionSource connections) throws SQLException {
        try (Connection connection = connections.open();
                Statement sql = connection.createStatement()) {
            sql.execute("TRUNCATE " + TARGET_SCHEMA + "." + TARGET_TABLE);
            sql.execute("INSERT INTO " + TARGET_SCHEMA + "." + TARGET_TABLE
                    + " SELECT * FROM bench.daily_store_sales_template");
            sql.execute("VACUUM ANALYZE " + TARGET_SCHEMA + "." + TARGET_TABLE);
            sql.executeQuery("SELECT COUNT(*), SUM(amount_cents) FROM bench.sales")
                    .close();
            sql.execute("CHECKPOINT");
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
