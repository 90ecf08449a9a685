package io.backfill.planner.domain.lifecycle;

/**
 * Where one partition of a phase is, derived from its phase's state and what executors reported for
 * it; what the status view shows per partition.
 */
public enum PartitionState {
    /** Not staged in the phase's current attempt (not released yet, or still waiting its turn). */
    PLANNED,
    /** Staged and waiting for its phase's gate or publish. */
    STAGED,
    /** Swapped into the target. */
    PUBLISHED,
    /** Its phase failed the gate; the staging was (or is being) discarded. */
    REJECTED,
    /** Its staging was dropped without a gate failure: SHADOW, cancel, halt or rollback of the backfill. */
    DISCARDED,
    /** Published, then restored to its previous contents. */
    ROLLED_BACK,
    /** Its phase failed in the executor (or was aborted) and will not be retried. */
    FAILED
}
