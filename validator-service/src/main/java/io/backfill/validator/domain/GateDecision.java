package io.backfill.validator.domain;

/** What the gate tells the planner to do with a staged phase. */
public enum GateDecision {
    /** Every blocking check passed: publish the staged partitions. */
    COMMIT,
    /** A check failed or could not run: discard the staged partitions; the target stays untouched. */
    REJECT
}
