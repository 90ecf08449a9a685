package io.backfill.benchmark;

import io.backfill.warehouse.ConnectionSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The foreground's queries, as a dashboard and an application would send them, on tables the backfill
 * only reads (the facts and dimensions, never the mart it publishes into, so a publish cannot change
 * what a foreground query has to read): a customer's latest orders (an index lookup, sub-millisecond
 * alone), one store's day (an index range), and one day by region (a day of facts joined to
 * stores). Connections come from a pool opened up front (so no scenario's first queries pay for
 * connecting), tagged {@code application_name = benchmark-foreground}.
 */
final class ForegroundQueries implements OpenLoopLoad.QueryRunner, AutoCloseable {

    static final Map<String, String> SQL = Map.of(
            "lookup",
            "SELECT sale_date, amount_cents FROM bench.sales WHERE customer_id = ? ORDER BY sale_date DESC LIMIT 20",
            "store-day",
            "SELECT COUNT(*), SUM(amount_cents), COUNT(DISTINCT customer_id) FROM bench.sales"
                    + " WHERE sale_date = ? AND store_id = ?",
            "region-day",
            "SELECT st.region, COUNT(*), SUM(s.amount_cents) FROM bench.sales s"
                    + " JOIN bench.stores st ON st.store_id = s.store_id WHERE s.sale_date = ? GROUP BY st.region");

    /** The mix: mostly lookups, some store days, a few region days. */
    static final OpenLoopLoad.Mix MIX =
            new OpenLoopLoad.Mix(List.of("lookup", "store-day", "region-day"), List.of(0.5, 0.4, 0.1));

    private final ConnectionSource connections;
    private final LocalDate lastDay;
    private final int recentDays;
    private final LinkedBlockingQueue<Connection> pool = new LinkedBlockingQueue<>();

    /**
     * @param lastDay the newest day with facts; queries pick one of the {@code recentDays} up to it
     * @param poolSize connections opened now; at least the load's worker count
     */
    ForegroundQueries(ConnectionSource connections, LocalDate lastDay, int recentDays, int poolSize)
            throws SQLException {
        this.connections = connections;
        this.lastDay = lastDay;
        this.recentDays = recentDays;
        for (int i = 0; i < poolSize; i++) {
            pool.add(connections.open());
        }
    }

    @Override
    public void run(String type) throws SQLException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Connection c = pool.take();
        try (PreparedStatement statement = c.prepareStatement(SQL.get(type))) {
            LocalDate day = lastDay.minusDays(random.nextInt(recentDays));
            switch (type) {
                case "lookup" -> statement.setInt(1, 1 + random.nextInt(FactDataset.CUSTOMERS));
                case "store-day" -> {
                    statement.setDate(1, Date.valueOf(day));
                    statement.setInt(2, 1 + random.nextInt(FactDataset.STORES));
                }
                default -> statement.setDate(1, Date.valueOf(day));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    // read the answer, as a client would
                }
            }
            pool.add(c);
        } catch (SQLException e) {
            closeQuietly(c);
            pool.add(connections.open());
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = pool.poll()) != null) {
            closeQuietly(c);
        }
    }
}
