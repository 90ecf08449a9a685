package io.backfill.executor.domain.admission;

import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;

/**
 * A {@link Waiter} for single-threaded tests: each wait either runs the next scripted event (what
 * "another thread" would do meanwhile: a release, a sample, a stop) or, when the script is empty,
 * lets the asked-for time pass on the test clock. Nothing sleeps.
 */
final class ScriptedWaiter implements Waiter {

    private static final int MAX_WAITS = 10_000;

    private final MutableClock clock;
    private final Deque<Runnable> script = new ArrayDeque<>();
    private final List<Duration> waits = new ArrayList<>();

    ScriptedWaiter(MutableClock clock) {
        this.clock = clock;
    }

    /** Runs {@code event} during the next wait instead of letting time pass. */
    ScriptedWaiter then(Runnable event) {
        script.addLast(event);
        return this;
    }

    /** The timeouts the pacer asked for, in order. */
    List<Duration> waits() {
        return waits;
    }

    @Override
    public void await(Condition changed, Duration atMost) {
        waits.add(atMost);
        if (waits.size() > MAX_WAITS) {
            throw new AssertionError("pacer still waiting after " + MAX_WAITS + " waits");
        }
        Runnable next = script.pollFirst();
        if (next != null) {
            next.run();
        } else {
            clock.advance(atMost);
        }
    }
}
