package io.backfill.executor.domain.load;

/**
 * The level of each raw signal that counts as "saturated" (pressure 1.0) on one warehouse. These
 * are per-warehouse facts an operator sets once; the defaults suit a mid-sized PostgreSQL.
 *
 * @param querySlots active queries the warehouse serves without queueing (e.g. its connection or
 *     worker pool); {@code activeQueries / querySlots} is the concurrency component
 * @param waitingQueriesAtSaturation queued queries that mean users are already waiting
 * @param lockWaitsAtSaturation blocked sessions that mean writers are fighting
 * @param cpuBusyAtSaturation CPU-busy fraction treated as full (a host at 90% is already slow)
 * @param ioWaitAtSaturation IO-wait fraction treated as full
 * @param canarySlowdownAtSaturation canary latency, as a multiple of its baseline, that counts as
 *     full; at the baseline the canary component is 0, and it grows linearly to 1 at this multiple
 */
public record LoadCapacity(
        int querySlots,
        int waitingQueriesAtSaturation,
        int lockWaitsAtSaturation,
        double cpuBusyAtSaturation,
        double ioWaitAtSaturation,
        double canarySlowdownAtSaturation) {

    public static final LoadCapacity DEFAULTS = new LoadCapacity(20, 5, 5, 0.9, 0.3, 3.0);

    public LoadCapacity {
        requirePositive(querySlots, "querySlots");
        requirePositive(waitingQueriesAtSaturation, "waitingQueriesAtSaturation");
        requirePositive(lockWaitsAtSaturation, "lockWaitsAtSaturation");
        if (!(cpuBusyAtSaturation > 0 && cpuBusyAtSaturation <= 1)) {
            throw new IllegalArgumentException("cpuBusyAtSaturation must be in (0, 1]: " + cpuBusyAtSaturation);
        }
        if (!(ioWaitAtSaturation > 0 && ioWaitAtSaturation <= 1)) {
            throw new IllegalArgumentException("ioWaitAtSaturation must be in (0, 1]: " + ioWaitAtSaturation);
        }
        if (!(canarySlowdownAtSaturation > 1) || Double.isInfinite(canarySlowdownAtSaturation)) {
            throw new IllegalArgumentException(
                    "canarySlowdownAtSaturation must be a finite multiple > 1: " + canarySlowdownAtSaturation);
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
