package io.backfill.executor.domain.admission;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * How {@link PartitionPacer} waits: the only blocking step of the pacer, kept behind an interface
 * so unit tests substitute one that advances a test clock (or runs a scripted event) instead of
 * sleeping.
 */
@FunctionalInterface
public interface Waiter {

    /**
     * Waits until {@code changed} is signalled or {@code atMost} has passed, whichever is first.
     * Called with the condition's lock held; spurious early returns are fine (the pacer re-checks).
     */
    void await(Condition changed, Duration atMost) throws InterruptedException;

    /** The production waiter: a timed {@link Condition#await(long, TimeUnit)}. */
    static Waiter blocking() {
        return (changed, atMost) -> changed.await(Math.max(1, atMost.toNanos()), TimeUnit.NANOSECONDS);
    }
}
