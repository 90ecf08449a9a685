package io.backfill.executor.domain.admission;

/**
 * Why an executor stopped admitting new partitions and should pause consumption of new phases
 * ({@code consumer.pause}, still polling). The service logs it with the ids involved and counts it
 * per reason.
 */
public enum PauseReason {
    /** The latest load sample is above the hard ceiling: foreground work is already suffering. */
    HARD_CEILING,
    /** The latest load sample is older than the configured maximum age: load is unknown, assume high. */
    STALE_LOAD_SAMPLE,
    /** No load sample has arrived yet: load is unknown, assume high. */
    NO_LOAD_SAMPLE,
    /** An operator or the planner told this executor to pause. */
    COMMAND,
    /**
     * The warehouse budget is 0 while its controller learns the canary's baseline: at the start, or in a
     * short probe hold that measures the warehouse without backfill work.
     */
    BASELINE_PROBE,
    /** This executor owns no share of the warehouse budget (no {@code backfill-phases} partition). */
    NO_SHARE,
    /**
     * An operator's manual throttle with factor 0 is in force (admission-control, {@link OperatorControls}):
     * no new work until it is lifted or expires.
     */
    MANUAL_THROTTLE
}
