package io.backfill.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to be the one load sampler of a warehouse. Two samplers would publish two baselines and,
 * worse, two budgets for the same warehouse, so the warehouse itself elects: on PostgreSQL a
 * session-level advisory lock held on a connection of its own (it is released when the holder's
 * session ends, so a crashed sampler's successor takes over at its next try); where the dialect has no
 * such lock (DuckDB, owned by one process) the election is among the samplers of this process.
 */
public final class SamplerLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SamplerLease.class);
    private static final Set<String> HELD_IN_PROCESS = ConcurrentHashMap.newKeySet();

    private final String key;
    private final Connection connection;

    private SamplerLease(String key, Connection connection) {
        this.key = key;
        this.connection = connection;
    }

    /** Tries to take the lease for {@code warehouseId}; empty when another sampler holds it. */
    static Optional<SamplerLease> tryTake(ConnectionSource connections, WarehouseDialect dialect, String warehouseId) {
        String key = "backfill-load-sampler:" + warehouseId;
        Optional<String> lockSql = dialect.sessionLockSql();
        if (lockSql.isEmpty()) {
            return HELD_IN_PROCESS.add(key) ? Optional.of(new SamplerLease(key, null)) : Optional.empty();
        }
        Connection connection = null;
        try {
            connection = connections.open();
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(lockSql.get())) {
                statement.setString(1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next() && rows.getBoolean(1)) {
                        return Optional.of(new SamplerLease(key, connection));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw FailureClassifier.wrap("take the load sampler lease of " + warehouseId, e);
        }
    }

    /** True while the lease holds (its session is alive). */
    public boolean held() {
        if (connection == null) {
            return HELD_IN_PROCESS.contains(key);
        }
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (connection == null) {
            HELD_IN_PROCESS.remove(key);
            return;
        }
        closeQuietly(connection); // ending the session releases the advisory lock
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the sampler lease connection failed: {}", e.getMessage());
        }
    }
}
