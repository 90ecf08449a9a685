package io.backfill.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Partitions staged per second over a sliding window of recent observations, so {@code watch} shows the
 * current pace (after a pause, say) rather than the average since it started.
 */
public final class RateTracker {

    private record Point(Instant at, int staged) {}

    private final Duration window;
    private final Deque<Point> points = new ArrayDeque<>();

    public RateTracker(Duration window) {
        this.window = window;
    }

    /** Records the staged count seen at {@code at}; returns the rate over the window (0 until two points). */
    public double observe(Instant at, int staged) {
        points.addLast(new Point(at, staged));
        while (points.size() > 2 && points.peekFirst().at().isBefore(at.minus(window))) {
            points.removeFirst();
        }
        Point first = points.peekFirst();
        long millis = Duration.between(first.at(), at).toMillis();
        if (millis <= 0) {
            return 0;
        }
        return Math.max(0, staged - first.staged()) * 1000.0 / millis;
    }
}
