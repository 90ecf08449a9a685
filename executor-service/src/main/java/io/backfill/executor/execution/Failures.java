package io.backfill.executor.execution;

import io.backfill.warehouse.FailureKind;
import io.backfill.warehouse.WarehouseException;

/** How a failure is reported in a FAILED progress event: retriable or not, and in words. */
final class Failures {

    private Failures() {}

    /**
     * Retriable unless the request itself is wrong: a warehouse FATAL (bad SQL, bad identifier, bad
     * data) or an invalid argument repeats on every retry; connection losses and statement timeouts
     * may pass with time or less load, and so may anything unexpected (the planner bounds retries).
     */
    static boolean retriable(Throwable error) {
        if (error instanceof WarehouseException w) {
            return w.kind() != FailureKind.FATAL;
        }
        return !(error instanceof IllegalArgumentException || error instanceof IllegalStateException);
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage();
        if (root != error && root.getMessage() != null) {
            message = message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return message == null ? error.getClass().getSimpleName() : message;
    }
}
