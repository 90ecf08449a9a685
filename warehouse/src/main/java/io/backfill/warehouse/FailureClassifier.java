package io.backfill.warehouse;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Sorts JDBC failures into {@link FailureKind}s by SQLState, the one signal every driver shares. Lives
 * outside the dialects so that every warehouse gets the same retry behaviour.
 *
 * <p>Retriable: connection exceptions (class 08), serialization failures (40001), deadlocks (40P01),
 * administrator shutdowns and terminated backends (57P01..57P03), insufficient resources (class 53).
 * Timeout: query cancelled by statement timeout (57014) or a driver's {@link SQLTimeoutException}.
 * Everything else, notably syntax and access errors (class 42) and data errors (class 22), is fatal.
 *
 * <p>DuckDB reports its optimistic-concurrency conflicts (two transactions creating or writing the same
 * catalogue entry or rows at once) without an SQLState, as a {@code TransactionContext Error} naming a
 * conflict: the same thing as a serialization failure, so retriable too.
 */
public final class FailureClassifier {

    private static final Set<String> RETRIABLE_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");

    private FailureClassifier() {}

    public static FailureKind classify(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException) {
                return FailureKind.TIMEOUT;
            }
            if (t instanceof SQLException sql) {
                FailureKind byState = classifyState(sql.getSQLState());
                if (byState != FailureKind.FATAL) {
                    return byState;
                }
                if (t instanceof SQLTransientConnectionException || isDuckDbConflict(sql)) {
                    return FailureKind.RETRIABLE;
                }
            }
        }
        return FailureKind.FATAL;
    }

    private static boolean isDuckDbConflict(SQLException failure) {
        String message = failure.getMessage();
        return failure.getSQLState() == null
                && message != null
                && message.startsWith("TransactionContext Error")
                && message.contains("onflict");
    }

    /** Classifies a bare SQLState; {@code null} or unknown states are fatal. */
    public static FailureKind classifyState(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return FailureKind.FATAL;
        }
        if (sqlState.equals("57014")) {
            return FailureKind.TIMEOUT;
        }
        if (sqlState.startsWith("08") || sqlState.startsWith("53") || RETRIABLE_STATES.contains(sqlState)) {
            return FailureKind.RETRIABLE;
        }
        return FailureKind.FATAL;
    }

    /** Wraps {@code failure} in a {@link WarehouseException} of its kind, with {@code what} as context. */
    public static WarehouseException wrap(String what, SQLException failure) {
        FailureKind kind = classify(failure);
        return new WarehouseException(
                kind,
                what + " failed (" + kind + ", SQLState " + failure.getSQLState() + "): " + failure.getMessage(),
                failure);
    }
}
