package io.backfill.benchmark;

import io.backfill.warehouse.ConnectionSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sudden burst of expensive ad-hoc queries (full scans of the fact table) that the reaction probe
 * switches on to raise warehouse pressure at a known instant, and off by cancelling the statements so
 * the warehouse calms down at once.
 */
final class HeavyLoad implements AutoCloseable {

    private static final String QUERY =
            "SELECT store_id, COUNT(DISTINCT customer_id), SUM(amount_cents) FROM bench.sales GROUP BY store_id";

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> clients = new ArrayList<>();
    private final List<Statement> statements = new ArrayList<>();

    HeavyLoad(ConnectionSource connections, int clientCount) {
        for (int i = 0; i < clientCount; i++) {
            clients.add(Thread.ofPlatform().daemon().name("heavy-" + i).start(() -> loop(connections)));
        }
    }

    private void loop(ConnectionSource connections) {
        try (Connection connection = connections.open();
                Statement statement = connection.createStatement()) {
            synchronized (statements) {
                statements.add(statement);
            }
            while (running.get()) {
                try (ResultSet rows = statement.executeQuery(QUERY)) {
                    while (rows.next()) {
                        // drain
                    }
                } catch (SQLException cancelled) {
                    // cancelled on close, or the warehouse refused: either way this burst is over
                }
            }
        } catch (SQLException e) {
            // could not connect: the burst is smaller, the probe still measures what it caused
        }
    }

    @Override
    public void close() {
        running.set(false);
        synchronized (statements) {
            for (Statement statement : statements) {
                try {
                    statement.cancel();
                } catch (SQLException ignored) {
                    // already finished
                }
            }
        }
        try {
            for (Thread client : clients) {
                client.join(30_000);
            }
        } catch (InterruptedException e) {
            // Stopping anyway: the clients are daemons and their statements are cancelled.
            Thread.currentThread().interrupt();
        }
    }
}
