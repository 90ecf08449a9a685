package io.backfill.warehouse;

import java.util.OptionalInt;

/**
 * Raw load signals read from a warehouse's own activity views, excluding the probing connection.
 * Normalising them into a pressure is the load sampler's job, not the warehouse layer's.
 *
 * @param coordinatorStatements statements of the coordinator's own sessions (tagged
 *     {@link #COORDINATOR_APPLICATION}) running now, empty where the warehouse cannot tell them apart
 * @param oldestCoordinatorSeconds how long the oldest of them has been running, 0 when none
 */
public record LoadSignals(
        long activeQueries,
        long waitingQueries,
        long lockWaits,
        OptionalInt coordinatorStatements,
        double oldestCoordinatorSeconds) {

    /** The application name every coordinator session carries, so its own work can be told from users'. */
    public static final String COORDINATOR_APPLICATION = "backfill-coordinator";

    public LoadSignals(long activeQueries, long waitingQueries, long lockWaits) {
        this(activeQueries, waitingQueries, lockWaits, OptionalInt.empty(), 0);
    }
}
