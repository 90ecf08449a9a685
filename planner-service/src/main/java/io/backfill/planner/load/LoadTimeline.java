package io.backfill.planner.load;

import io.backfill.planner.domain.projection.LoadReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The recent load samples of the planner's warehouse: the latest one and a short history for the
 * dashboard's timeline. Bounded: samples older than {@code keep} before the newest, and beyond
 * {@code maxSamples}, are dropped. Samples not newer than the latest are ignored (a re-read compacted topic,
 * a producer's clock going back). Thread-safe: the feed writes, REST and the planner loop read.
 */
public final class LoadTimeline {

    private final Duration keep;
    private final int maxSamples;
    private final Deque<LoadReading> samples = new ArrayDeque<>();

    public LoadTimeline(Duration keep, int maxSamples) {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be positive: " + maxSamples);
        }
        this.keep = keep;
        this.maxSamples = maxSamples;
    }

    /** @return true when the sample was newer than the latest and was kept */
    public synchronized boolean add(LoadReading reading) {
        LoadReading newest = samples.peekLast();
        if (newest != null && !reading.at().isAfter(newest.at())) {
            return false;
        }
        samples.addLast(reading);
        Instant horizon = reading.at().minus(keep);
        while (samples.size() > maxSamples || samples.peekFirst().at().isBefore(horizon)) {
            samples.removeFirst();
        }
        return true;
    }

    public synchronized Optional<LoadReading> latest() {
        return Optional.ofNullable(samples.peekLast());
    }

    /** The samples taken at or after {@code since}, oldest first. */
    public synchronized List<LoadReading> since(Instant since) {
        List<LoadReading> out = new ArrayList<>();
        for (LoadReading r : samples) {
            if (!r.at().isBefore(since)) {
                out.add(r);
            }
        }
        return out;
    }
}
