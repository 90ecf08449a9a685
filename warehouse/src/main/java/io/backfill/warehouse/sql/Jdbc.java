package io.backfill.warehouse.sql;

import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.FailureClassifier;
import io.backfill.warehouse.WarehouseDialect;
import io.backfill.warehouse.WarehouseException;
import io.backfill.warehouse.WarehouseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work in one transaction each: opens a connection, applies the dialect's session limits,
 * commits or rolls back, classifies failures and retries idempotent work a bounded number of times.
 * Dialects never see a transaction; that is why they stay small.
 */
public final class Jdbc {

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

    private final ConnectionSource connections;
    private final WarehouseDialect dialect;
    private final WarehouseSettings settings;

    public Jdbc(ConnectionSource connections, WarehouseDialect dialect, WarehouseSettings settings) {
        this.connections = connections;
        this.dialect = dialect;
        this.settings = settings;
    }

    /**
     * Runs {@code work} in one transaction, retrying retriable failures up to the configured attempts.
     * Only pass work that is safe to repeat; every warehouse write here is.
     *
     * @param what short description for logs and exception messages
     * @param phaseId phase the work belongs to, for logs; may be {@code "-"}
     */
    public <T> T transaction(String what, String phaseId, Work<T> work) {
        return transaction(what, phaseId, Optional.empty(), work);
    }

    /** As {@link #transaction(String, String, Work)}, with its own statement timeout instead of the default. */
    public <T> T transaction(String what, String phaseId, Optional<Duration> statementTimeout, Work<T> work) {
        Duration timeout = statementTimeout.orElse(settings.statementTimeout());
        int attempt = 1;
        while (true) {
            try {
                return once(work, timeout);
            } catch (SQLException e) {
                WarehouseException failure = FailureClassifier.wrap(what, e);
                if (!failure.isRetriable() || attempt >= settings.maxAttempts()) {
                    LOG.warn(
                            "{} for phase {} failed on {} after {} attempt(s): {}",
                            what,
                            phaseId,
                            dialect.name(),
                            attempt,
                            failure.getMessage());
                    throw failure;
                }
                LOG.info(
                        "{} for phase {} failed on {} (attempt {} of {}), retrying: {}",
                        what,
                        phaseId,
                        dialect.name(),
                        attempt,
                        settings.maxAttempts(),
                        e.getMessage());
                pause(attempt);
                attempt++;
            }
        }
    }

    private <T> T once(Work<T> work, Duration timeout) throws SQLException {
        try (Connection connection = connections.open()) {
            boolean enforcedByWarehouse = dialect.applySessionLimits(connection, timeout);
            int jdbcTimeout = enforcedByWarehouse ? 0 : jdbcTimeoutSeconds(timeout);
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Tx(connection, jdbcTimeout));
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    /** JDBC timeouts count whole seconds; round up so a short timeout never becomes "none" (0). */
    private static int jdbcTimeoutSeconds(Duration timeout) {
        long millis = timeout.toMillis();
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException(io.backfill.warehouse.FailureKind.FATAL, "interrupted while retrying", e);
        }
    }

    public WarehouseDialect dialect() {
        return dialect;
    }

    public WarehouseSettings settings() {
        return settings;
    }
}
