package io.backfill.executor.domain.load;

/** The resources {@link PressureCalculator} turns into pressure components; named in logs as the cause. */
public enum LoadSignal {
    ACTIVE_QUERIES,
    WAITING_QUERIES,
    LOCK_WAITS,
    HOST_CPU,
    HOST_IO_WAIT,
    CANARY_LATENCY
}
