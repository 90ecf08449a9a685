package io.backfill.planner.domain;

/**
 * How far a backfill may go. The planner decides from it whether a COMMIT gate decision turns into
 * a publish or a discard, and whether phases are released at all.
 */
public enum RolloutMode {
    /** Plan and estimate only: nothing is released to executors. */
    DRY_RUN,
    /** Stage and validate every phase, never publish: a COMMIT decision is recorded, then discarded. */
    SHADOW,
    /** Stage, validate and publish every phase that passes its gate. */
    PUBLISH,
    /** Like PUBLISH, but the first phase runs alone and the rest wait for its gate (and an approval if required). */
    CANARY;

    /** True when a COMMIT decision publishes the staged phase into the target table. */
    public boolean publishesOnCommit() {
        return this == PUBLISH || this == CANARY;
    }
}
