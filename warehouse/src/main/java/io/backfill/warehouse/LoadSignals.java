package io.backfill.warehouse;

import java.util.OptionalInt;

/**
 * Raw load signals read from a warehouse's own activity views, excluding the probing connection.
 * Normalising them into a pressure is the load sampler's job, not the warehouse layer's.
 *
 * @param coordinatorStatements statements of the coordinator's own sessions (tagged
 *     {@link #COORDINATOR_APPLICATION}) running now, empty where the warehouse cannot tell them apart
 * @param oldestCoordinatorSeconds how long the oldest of them has been running, 0 when none
 * @param recentUserSessions other sessions (users') running a query now or whose last query ended within
 *     {@link #USER_TRACE}, empty where the warehouse cannot tell: a dashboard's 5 ms query leaves this
 *     trace for a second, where an instantaneous count of running queries would miss it nine times in ten
 */
public record LoadSignals(
        long activeQueries,
        long waitingQueries,
        long lockWaits,
        OptionalInt coordinatorStatements,
        double oldestCoordinatorSeconds,
        OptionalInt recentUserSessions) {

    /** How long a user's finished query still counts as the user being there. */
    public static final java.time.Duration USER_TRACE = java.time.Duration.ofSeconds(1);

    /** The application name every coordinator session carries, so its own work can be told from users'. */
    public static final String COORDINATOR_APPLICATION = "backfill-coordinator";

    public LoadSignals(long activeQueries, long waitingQueries, long lockWaits) {
        this(activeQueries, waitingQueries, lockWaits, OptionalInt.empty(), 0, OptionalInt.empty());
    }
}
