package io.backfill.core.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One occurrence of a window (or of several merged ones) as real time: open from {@code opens}
 * (inclusive) to {@code closes} (exclusive).
 */
public record Opening(Instant opens, Instant closes) {

    public Opening {
        Objects.requireNonNull(opens, "opens");
        Objects.requireNonNull(closes, "closes");
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("an opening must end after it starts: " + opens + " - " + closes);
        }
    }

    public boolean contains(Instant at) {
        return !at.isBefore(opens) && at.isBefore(closes);
    }

    public Duration duration() {
        return Duration.between(opens, closes);
    }
}
