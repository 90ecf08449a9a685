package io.backfill.executor.execution;

/** How a finished job leaves its Kafka record. */
public enum JobOutcome {
    /** The outcome is durable (STAGED, FAILED, PUBLISHED … published): commit past the record. */
    COMMIT,
    /** No durable outcome and the record should be seen again shortly (e.g. progress could not be published). */
    REDELIVER,
    /** Stopped because this instance lost the partition or is shutting down: do not commit, another instance resumes. */
    REVOKED
}
