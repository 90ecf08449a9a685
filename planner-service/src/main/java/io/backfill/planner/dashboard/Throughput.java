package io.backfill.planner.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Partitions per second of each backfill, derived from how its {@code done} count (see
 * {@link BackfillSummary}) moves: the change feed samples every backfill on each poll, and this keeps
 * one point per {@code every} (the rate over that step) for the last {@code kept} steps, so the
 * timeline's memory is bounded per backfill. In memory only: a restarted planner starts a new timeline.
 */
public final class Throughput {

    /** One point of the timeline: the partitions done at {@code at} and the rate since the point before. */
    public record Point(Instant at, int done, double partitionsPerSecond) {}

    private record Last(Instant at, int done) {}

    private final Duration every;
    private final int kept;
    private final Map<String, Deque<Point>> points = new HashMap<>();

    public Throughput(Duration every, int kept) {
        this.every = every;
        this.kept = kept;
    }

    /** Records {@code done} at {@code now}; a point is kept once {@code every} passed since the last. */
    public synchronized void sample(String backfillId, int done, Instant now) {
        Deque<Point> series = points.computeIfAbsent(backfillId, id -> new ArrayDeque<>());
        Point last = series.peekLast();
        if (last == null) {
            series.addLast(new Point(now, done, 0));
            return;
        }
        Duration since = Duration.between(last.at(), now);
        if (since.compareTo(every) < 0) {
            return;
        }
        // A retry sends partitions back to PLANNED: the count may fall, the rate does not go negative.
        double rate = Math.max(0, done - last.done()) / (since.toMillis() / 1000.0);
        series.addLast(new Point(now, done, Math.round(rate * 1000) / 1000.0));
        while (series.size() > kept) {
            series.removeFirst();
        }
    }

    /** The points of one backfill, oldest first (empty when never sampled). */
    public synchronized List<Point> points(String backfillId) {
        Deque<Point> series = points.get(backfillId);
        return series == null ? List.of() : new ArrayList<>(series);
    }

    /** Forgets backfills no longer in the view. */
    public synchronized void retain(java.util.Set<String> backfillIds) {
        points.keySet().retainAll(backfillIds);
    }
}
