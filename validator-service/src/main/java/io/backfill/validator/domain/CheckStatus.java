package io.backfill.validator.domain;

/** How one check ended on one partition (or the whole phase); mirrors the Avro {@code CheckStatus}. */
public enum CheckStatus {
    /** The data meets the expectation. */
    PASS,
    /** The data violates the expectation of a blocking check: the gate rejects the phase. */
    FAIL,
    /** Worth a look but not blocking: a non-blocking check failed, or an anomaly score lacked history. */
    WARN,
    /** The check could not measure (bad definition, warehouse error or timeout): the gate fails closed. */
    ERROR;

    /** True for the statuses that make the gate reject the phase. */
    public boolean rejects() {
        return this == FAIL || this == ERROR;
    }
}
