package io.backfill.benchmark;

import io.backfill.warehouse.ConnectionSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The foreground workload the backfill must not hurt: dashboard clients, each on its own connection
 * (as behind a BI tool's pool), running a rotation of typical dashboard queries over recent days with
 * a think time in between, and recording every latency into the current scenario's
 * {@link LatencyTimeline}. A group of extra clients can be switched on and off to make a foreground
 * spike. Failed queries are counted, not recorded: the benchmark reports how slow answers were, and
 * separately whether any failed.
 */
final class Dashboards implements AutoCloseable {

    /** One day of facts per store region, the day's top categories, and a month of the derived mart. */
    private static final List<String> QUERIES = List.of(
            "SELECT st.region, COUNT(*), SUM(s.amount_cents) FROM bench.sales s"
                    + " JOIN bench.stores st ON st.store_id = s.store_id WHERE s.sale_date = ? GROUP BY st.region",
            "SELECT p.category, COUNT(*), SUM(s.quantity) FROM bench.sales s"
                    + " JOIN bench.products p ON p.product_id = s.product_id WHERE s.sale_date = ?"
                    + " GROUP BY p.category ORDER BY 3 DESC LIMIT 10",
            "SELECT region, SUM(orders), SUM(revenue) FROM mart.daily_store_sales"
                    + " WHERE sale_date > CAST(? AS DATE) - 30 AND sale_date <= ? GROUP BY region");

    private final ConnectionSource connections;
    private final LocalDate lastDay;
    private final int recentDays;
    private final long thinkMillis;
    private final AtomicReference<LatencyTimeline> timeline = new AtomicReference<>();
    private final AtomicLong epochNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> regular = new ArrayList<>();
    private final List<Thread> spike = new ArrayList<>();
    private final AtomicBoolean spiking = new AtomicBoolean();

    /**
     * @param lastDay the newest day with facts; queries pick one of the {@code recentDays} before it
     * @param thinkMillis pause between two queries of one regular client (spike clients do not pause)
     */
    Dashboards(ConnectionSource connections, LocalDate lastDay, int recentDays, int clients, long thinkMillis) {
        this.connections = connections;
        this.lastDay = lastDay;
        this.recentDays = recentDays;
        this.thinkMillis = thinkMillis;
        for (int i = 0; i < clients; i++) {
            regular.add(Thread.ofPlatform().daemon().name("dashboard-" + i).start(() -> loop(thinkMillis, running)));
        }
    }

    /** From now on, latencies go to {@code next} with times relative to now. */
    void recordInto(LatencyTimeline next) {
        epochNanos.set(System.nanoTime());
        timeline.set(next);
    }

    /** Starts {@code clients} extra clients without think time: the foreground spike. */
    synchronized void startSpike(int clients) {
        spiking.set(true);
        for (int i = 0; i < clients; i++) {
            spike.add(Thread.ofPlatform().daemon().name("dashboard-spike-" + i).start(() -> loop(0, spiking)));
        }
    }

    synchronized void stopSpike() throws InterruptedException {
        spiking.set(false);
        for (Thread t : spike) {
            t.join(60_000);
        }
        spike.clear();
    }

    long failures() {
        return failures.get();
    }

    private void loop(long think, AtomicBoolean active) {
        Connection connection = null;
        int next = ThreadLocalRandom.current().nextInt(QUERIES.size());
        try {
            while (running.get() && active.get()) {
                try {
                    if (connection == null) {
                        connection = connections.open();
                    }
                    runOne(connection, QUERIES.get(next));
                } catch (SQLException e) {
                    failures.incrementAndGet();
                    connection = closeQuietly(connection);
                }
                next = (next + 1) % QUERIES.size();
                if (think > 0) {
                    TimeUnit.MILLISECONDS.sleep(think);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(connection);
        }
    }

    private void runOne(Connection connection, String sql) throws SQLException {
        LocalDate day = lastDay.minusDays(ThreadLocalRandom.current().nextInt(recentDays));
        long started = System.nanoTime();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                statement.setDate(i, Date.valueOf(day));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    // read the dashboard
                }
            }
        }
        long finished = System.nanoTime();
        LatencyTimeline target = timeline.get();
        if (target != null) {
            target.record((finished - epochNanos.get()) / 1_000_000, (finished - started) / 1_000);
        }
    }

    private static Connection closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
        return null;
    }

    long thinkMillis() {
        return thinkMillis;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        spiking.set(false);
        for (Thread t : regular) {
            t.join(60_000);
        }
        for (Thread t : spike) {
            t.join(60_000);
        }
    }
}
