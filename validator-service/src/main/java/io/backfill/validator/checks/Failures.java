package io.backfill.validator.checks;

import io.backfill.warehouse.WarehouseException;

/** Turns an exception into the text of an ERROR outcome: what kind of failure, and the database's words. */
public final class Failures {

    private Failures() {}

    public static String describe(Throwable error) {
        String kind = error instanceof WarehouseException w
                ? w.kind().name()
                : error.getClass().getSimpleName();
        StringBuilder text = new StringBuilder(kind).append(": ").append(error.getMessage());
        // The warehouse wraps the driver's exception; its message is what names the column or the timeout.
        Throwable cause = error.getCause();
        if (cause != null && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
            text.append(" (").append(cause.getMessage().strip()).append(")");
        }
        return text.toString();
    }
}
