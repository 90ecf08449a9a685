package io.backfill.warehouse;

/** How a caller should react to a failed warehouse call. */
public enum FailureKind {
    /** The connection or transaction was lost or chosen as a victim; the same call may succeed if retried. */
    RETRIABLE,
    /** The statement ran into its statement timeout; retrying helps only with more time or less load. */
    TIMEOUT,
    /** The request itself is wrong (bad SQL, bad identifier, bad data); retrying repeats the failure. */
    FATAL
}
