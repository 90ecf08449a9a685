package io.backfill.warehouse;

/** Life cycle of one staged partition of a phase, kept on its checkpoint row. */
public enum CheckpointState {
    /** Rows are in staging, target untouched. */
    STAGED,
    /** Staged rows are in the target; the previous rows are in the corridor. */
    PUBLISHED,
    /** Staging was thrown away (REJECT or SHADOW); target untouched. */
    DISCARDED,
    /** Was published, then the previous rows were restored from the corridor. */
    ROLLED_BACK,
    /** Published and its corridor rows were dropped; can no longer be rolled back. */
    FINALISED
}
