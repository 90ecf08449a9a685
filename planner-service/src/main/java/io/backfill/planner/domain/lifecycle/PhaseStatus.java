package io.backfill.planner.domain.lifecycle;

/**
 * Where one phase is. {@code DISCARDING} sits between a discard instruction and the executor's
 * confirmation: a rejected phase may only be re-released once its old staging is gone, otherwise a
 * late discard could wipe the retry's fresh staging.
 */
public enum PhaseStatus {
    PLANNED,
    RELEASED,
    RUNNING,
    STAGED,
    PUBLISHING,
    PUBLISHED,
    DISCARDING,
    DISCARDED,
    FAILED,
    ROLLED_BACK;

    /** Released to an executor and not finished: counts against in-flight caps. */
    public boolean isInFlight() {
        return switch (this) {
            case RELEASED, RUNNING, STAGED, PUBLISHING, DISCARDING -> true;
            default -> false;
        };
    }
}
