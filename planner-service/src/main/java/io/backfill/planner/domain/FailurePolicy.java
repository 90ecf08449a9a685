package io.backfill.planner.domain;

import java.time.Duration;

/**
 * What the planner does when a phase fails or its gate rejects it: stop the whole backfill, or run
 * the phase again a bounded number of times before stopping. Retries are bounded because an
 * unbounded retry of a systematically broken transformation would burn warehouse time forever.
 */
public sealed interface FailurePolicy {

    /** How many more attempts a phase gets after its first one. */
    int maxRetries();

    /** The wait before retry number {@code retry} (1-based); zero for {@link Halt}. */
    Duration backoffBefore(int retry);

    /** Stop the backfill at the first failed or rejected phase. */
    record Halt() implements FailurePolicy {
        @Override
        public int maxRetries() {
            return 0;
        }

        @Override
        public Duration backoffBefore(int retry) {
            return Duration.ZERO;
        }
    }

    /**
     * Re-run a failed or rejected phase up to {@code maxRetries} times, waiting {@code backoff},
     * then twice that, then four times that... (exponential, so a struggling warehouse gets air),
     * then stop the backfill.
     */
    record Retry(int maxRetries, Duration backoff) implements FailurePolicy {
        @Override
        public Duration backoffBefore(int retry) {
            // Capped shift: 2^20 x backoff is already far beyond any sensible wait.
            return backoff.multipliedBy(1L << Math.min(Math.max(retry - 1, 0), 20));
        }
    }

    static FailurePolicy halt() {
        return new Halt();
    }

    static FailurePolicy retry(int maxRetries, Duration backoff) {
        return new Retry(maxRetries, backoff);
    }
}
