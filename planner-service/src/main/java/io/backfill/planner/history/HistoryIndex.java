package io.backfill.planner.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every event about every backfill, indexed by backfill id, each backfill's in order: record timestamp,
 * then the topic's rank in the flow ({@link HistoryMapping#rank}), then partition and offset. Records of
 * different topics arrive interleaved, so each is inserted at its place.
 *
 * <p><b>Bounded memory.</b> At most {@code maxPerBackfill} events per backfill: past that, the first
 * {@link #HEAD} events (the request, its decision, the plan) are kept and the oldest of the rest are
 * dropped, counted in an {@code OMITTED} marker after the head. At most {@code maxTotal} events over all
 * backfills: past that, the backfill whose latest event is the oldest is forgotten whole. With the
 * defaults (5,000 and 200,000) and events of a few hundred bytes that is well under 100 MB.
 *
 * <p>Thread-safe: the feed's thread writes, REST threads read.
 */
public final class HistoryIndex {

    /** Events at the start of a backfill's history that are never dropped. */
    static final int HEAD = 100;

    /** Where a record sits in Kafka: what orders events with the same timestamp and topic. */
    public record Position(long timestamp, int rank, int partition, long offset) implements Comparable<Position> {
        private static final Comparator<Position> ORDER = Comparator.comparingLong(Position::timestamp)
                .thenComparingInt(Position::rank)
                .thenComparingInt(Position::partition)
                .thenComparingLong(Position::offset);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    /** One page of a backfill's history; {@code total} counts every event kept, the marker included. */
    public record Page(String backfillId, int total, int offset, List<HistoryEvent> events) {}

    private record Entry(Position position, HistoryEvent event) {}

    private static final class Backfill {
        final List<Entry> entries = new ArrayList<>();
        long omitted;
        Instant omittedFrom;
        Instant omittedTo;
        long latest = Long.MIN_VALUE;
    }

    private final int maxPerBackfill;
    private final int maxTotal;
    private final Map<String, Backfill> backfills = new HashMap<>();
    private int total;
    private long forgotten;

    public HistoryIndex(int maxPerBackfill, int maxTotal) {
        if (maxPerBackfill <= HEAD) {
            throw new IllegalArgumentException("maxPerBackfill must exceed " + HEAD + ": " + maxPerBackfill);
        }
        if (maxTotal < maxPerBackfill) {
            throw new IllegalArgumentException("maxTotal must be at least maxPerBackfill: " + maxTotal);
        }
        this.maxPerBackfill = maxPerBackfill;
        this.maxTotal = maxTotal;
    }

    public synchronized void add(String backfillId, Position position, HistoryEvent event) {
        Backfill backfill = backfills.computeIfAbsent(backfillId, id -> new Backfill());
        List<Entry> entries = backfill.entries;
        int at = entries.size();
        // Almost always at the end; otherwise walk back to its place (events arrive nearly in order).
        while (at > 0 && entries.get(at - 1).position().compareTo(position) > 0) {
            at--;
        }
        entries.add(at, new Entry(position, event));
        backfill.latest = Math.max(backfill.latest, position.timestamp());
        total++;
        if (entries.size() > maxPerBackfill) {
            Entry dropped = entries.remove(HEAD);
            backfill.omitted++;
            if (backfill.omittedFrom == null) {
                backfill.omittedFrom = dropped.event().at();
            }
            backfill.omittedTo = dropped.event().at();
            total--;
        }
        while (total > maxTotal && backfills.size() > 1) {
            forgetOldest(backfillId);
        }
    }

    private void forgetOldest(String keep) {
        String oldest = null;
        long oldestLatest = Long.MAX_VALUE;
        for (Map.Entry<String, Backfill> e : backfills.entrySet()) {
            if (!e.getKey().equals(keep) && e.getValue().latest < oldestLatest) {
                oldest = e.getKey();
                oldestLatest = e.getValue().latest;
            }
        }
        if (oldest != null) {
            total -= backfills.remove(oldest).entries.size();
            forgotten++;
        }
    }

    /** One page, or empty when no event about {@code backfillId} is known. */
    public synchronized Optional<Page> page(String backfillId, int offset, int limit) {
        Backfill backfill = backfills.get(backfillId);
        if (backfill == null) {
            return Optional.empty();
        }
        List<HistoryEvent> all = new ArrayList<>(backfill.entries.size() + 1);
        for (int i = 0; i < backfill.entries.size(); i++) {
            if (i == HEAD && backfill.omitted > 0) {
                all.add(omittedMarker(backfill));
            }
            all.add(backfill.entries.get(i).event());
        }
        int from = Math.min(offset, all.size());
        int to = (int) Math.min(all.size(), (long) from + limit);
        return Optional.of(new Page(backfillId, all.size(), offset, List.copyOf(all.subList(from, to))));
    }

    private HistoryEvent omittedMarker(Backfill backfill) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("omitted", backfill.omitted);
        details.put("from", backfill.omittedFrom.toString());
        details.put("to", backfill.omittedTo.toString());
        details.put("maxEventsPerBackfill", maxPerBackfill);
        return new HistoryEvent(
                backfill.omittedFrom,
                "history",
                "OMITTED",
                null,
                null,
                null,
                backfill.omitted + " events between " + backfill.omittedFrom + " and " + backfill.omittedTo
                        + " omitted (history keeps " + maxPerBackfill + " events per backfill)",
                details);
    }

    /** Events kept over all backfills. */
    public synchronized int size() {
        return total;
    }

    /** Backfills whose whole history was forgotten to stay within the total bound. */
    public synchronized long forgotten() {
        return forgotten;
    }
}
