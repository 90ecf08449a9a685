package io.backfill.local;

import io.backfill.warehouse.ConnectionSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboards the backfill must not hurt: a few clients running an aggregate over the raw orders in a
 * loop with a short think time, counting queries and their total latency.
 */
final class ForegroundLoad implements AutoCloseable {

    private static final String DASHBOARD_QUERY = "SELECT store_id, COUNT(*), SUM(amount_cents) FROM raw.orders"
            + " WHERE order_date >= (SELECT MAX(order_date) FROM raw.orders) - 7 GROUP BY store_id";

    private final ConnectionSource connections;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong totalMillis = new AtomicLong();
    private final List<Thread> clients = new ArrayList<>();

    ForegroundLoad(ConnectionSource connections, int clientCount) {
        this.connections = connections;
        for (int i = 0; i < clientCount; i++) {
            clients.add(Thread.ofPlatform().daemon().name("dashboard-" + i).start(this::loop));
        }
    }

    private void loop() {
        while (running.get()) {
            long started = System.nanoTime();
            try (Connection connection = connections.open();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(DASHBOARD_QUERY)) {
                while (rows.next()) {
                    // read the dashboard
                }
                queries.incrementAndGet();
                totalMillis.addAndGet((System.nanoTime() - started) / 1_000_000);
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (SQLException e) {
                // A dashboard that fails is noise for the demo, not a reason to stop it.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long queries() {
        return queries.get();
    }

    double meanMillis() {
        long n = queries.get();
        return n == 0 ? 0 : (double) totalMillis.get() / n;
    }

    @Override
    public void close() {
        running.set(false);
        clients.forEach(Thread::interrupt);
    }
}
