package io.backfill.messaging;

/**
 * A failure that may pass if the same record is handled again shortly (a warehouse connection reset, a
 * broker hiccup). Handlers wrap such causes in this; the loop retries a bounded number of times
 * before parking the record.
 */
public class RetriableFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RetriableFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
