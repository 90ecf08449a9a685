package io.backfill.planner.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Tells whether the planner loop is stuck, and on what. The loop {@link #beat}s once per iteration and
 * says what it is {@link #doing} before anything that can take long (handling a record, a tick, a write
 * being retried); {@link #stall} is the reason readiness turns DOWN once no beat came for longer than the
 * bound, e.g. "no loop iteration for 47 s (bound 30 s); busy with: retrying a write to backfill-status
 * (key b-1), attempt 9: …". Three rebuilds after aborted transactions within twice the bound count as a
 * stall too. Thread-safe: the loop writes, the health check reads.
 */
final class StallWatchdog {

    /** Rebuilds this close together count as a stall. */
    private static final int REWINDS_TOLERATED = 3;

    private final Clock clock;
    private final Duration bound;
    private volatile Instant lastBeat;
    private volatile String activity = "starting";
    private final Deque<Instant> rewinds = new ConcurrentLinkedDeque<>();
    private volatile String lastRewind;

    StallWatchdog(Clock clock, Duration bound) {
        this.clock = clock;
        this.bound = bound;
        this.lastBeat = clock.instant();
    }

    /** The loop completed an iteration (or a step of its catch-up) and is idle. */
    void beat() {
        lastBeat = clock.instant();
        activity = "polling";
    }

    /** What the loop works on now, for the reason given when it stalls. */
    void doing(String what) {
        activity = what;
    }

    Duration bound() {
        return bound;
    }

    /**
     * The loop aborted a transaction and rebuilt from Kafka. Once in a while that is recovery; again and
     * again it is a loop that beats (rebuilding) without getting anywhere, which counts as stalled.
     */
    void rewound(String why) {
        Instant now = clock.instant();
        rewinds.addLast(now);
        lastRewind = why;
        while (rewinds.size() > REWINDS_TOLERATED) {
            rewinds.removeFirst();
        }
    }

    /** Why the loop counts as stalled, or empty while it beats within the bound. */
    Optional<String> stall() {
        Instant now = clock.instant();
        if (rewinds.size() >= REWINDS_TOLERATED
                && Duration.between(rewinds.peekFirst(), now).compareTo(bound.multipliedBy(2)) <= 0) {
            return Optional.of("the planner rebuilt from Kafka " + REWINDS_TOLERATED + " times within "
                    + bound.multipliedBy(2).toSeconds() + " s; last because: " + lastRewind);
        }
        Duration silent = Duration.between(lastBeat, now);
        if (silent.compareTo(bound) <= 0) {
            return Optional.empty();
        }
        return Optional.of("no planner loop iteration for " + silent.toSeconds() + " s (bound " + bound.toSeconds()
                + " s); busy with: " + activity);
    }
}
