package io.backfill.planner.domain.lifecycle;

/** Where a backfill is in its life; {@link BackfillRun} owns the allowed transitions. */
public enum BackfillStatus {
    REQUESTED,
    REJECTED,
    QUEUED,
    PLANNED,
    RUNNING,
    PAUSED,
    AWAITING_APPROVAL,
    COMPLETED,
    FAILED,
    CANCELLED,
    ROLLED_BACK;

    /** No further commands change a terminal backfill, except ROLLBACK of what it published. */
    public boolean isTerminal() {
        return switch (this) {
            case REJECTED, COMPLETED, FAILED, CANCELLED, ROLLED_BACK -> true;
            default -> false;
        };
    }
}
