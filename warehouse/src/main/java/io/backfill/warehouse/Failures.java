package io.backfill.warehouse;

/**
 * What a failed piece of warehouse work means to whoever reports it: whether a new attempt may succeed,
 * and the failure in words. The executor writes both into a FAILED {@code PhaseProgress}; the validator
 * writes the words into an ERROR check outcome.
 */
public final class Failures {

    private Failures() {}

    /**
     * Retriable unless the request itself is wrong: a warehouse FATAL (bad SQL, bad identifier, bad data)
     * or an invalid argument or state repeats on every attempt; connection losses and statement timeouts
     * may pass with time or less load, and so may anything unexpected (callers bound their retries).
     */
    public static boolean retriable(Throwable error) {
        if (error instanceof WarehouseException w) {
            return w.kind() != FailureKind.FATAL;
        }
        return !(error instanceof IllegalArgumentException || error instanceof IllegalStateException);
    }

    /**
     * {@code KIND: message (Root: root message)}: the {@link FailureKind} of a {@link WarehouseException},
     * else the exception's simple class name; then its message; then the innermost cause's message when
     * the outer one does not already contain it, because that is the driver's (or the network's) own
     * word and names the column, the timeout or the lost connection.
     */
    public static String describe(Throwable error) {
        String kind = error instanceof WarehouseException w
                ? w.kind().name()
                : error.getClass().getSimpleName();
        StringBuilder text = new StringBuilder(kind);
        String message = error.getMessage();
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message.strip());
        }
        Throwable root = rootCause(error);
        String rootMessage = root.getMessage();
        if (root != error
                && rootMessage != null
                && !rootMessage.isBlank()
                && !text.toString().contains(rootMessage.strip())) {
            text.append(" (")
                    .append(root.getClass().getSimpleName())
                    .append(": ")
                    .append(rootMessage.strip())
                    .append(")");
        }
        return text.toString();
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        // Bounded: a cause chain that loops back on itself ends the walk.
        for (int depth = 0; depth < 32 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        return root;
    }
}
