package io.backfill.executor.messaging;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The bookkeeping of one Kafka partition whose records run concurrently by key: which records wait,
 * which run, and how far the offset may be committed. Plain and single-threaded (the consumer loop owns
 * it, rebalance callbacks run on that same thread).
 *
 * <p><b>Order:</b> records of one key start in offset order, one at a time: a record starts once every
 * earlier record of its key has completed. An <i>overtaking</i> record (a control command: ABORT, PAUSE,
 * RESUME of a running phase) need not wait for the earlier records of its key to complete, only for them
 * to have started, so it reaches the phase that runs now instead of the one after it. Records of
 * different keys never wait for each other.
 *
 * <p><b>Offsets:</b> the commit point is the offset of the earliest record not yet completed, or one past
 * the last record seen when all have completed: the contiguous completed prefix. Records completed beyond
 * it are forgotten at once (only waiting and running records are held), so a crash redelivers them to the
 * next owner, which finds their work done (checkpoints, idempotent commands). Offsets need not be dense
 * (transaction markers take offsets too); only the records seen count.
 *
 * <p><b>Retry:</b> a record whose outcome says "see it again" goes back to waiting at its own place, not
 * before a given instant; later records of its key keep waiting behind it, other keys carry on, and the
 * commit point cannot pass it.
 *
 * <p><b>Memory:</b> {@link #full()} says when the not-yet-started records reach the bound, so the
 * consumer pauses fetching this partition until they drain below it.
 *
 * @param <T> what the consumer keeps per record (the raw record and what was decoded of it)
 */
final class PartitionLedger<T> {

    /** One tracked record. */
    static final class Entry<T> {
        private final long offset;
        private final String key;
        private final T payload;
        private final boolean overtakes;
        private boolean running;
        private Instant notBefore = Instant.MIN;

        private Entry(long offset, String key, T payload, boolean overtakes) {
            this.offset = offset;
            this.key = key;
            this.payload = payload;
            this.overtakes = overtakes;
        }

        long offset() {
            return offset;
        }

        String key() {
            return key;
        }

        T payload() {
            return payload;
        }

        @Override
        public String toString() {
            return key + "@" + offset + (running ? " running" : " waiting");
        }
    }

    private final int bufferLimit;
    private final TreeMap<Long, Entry<T>> tracked = new TreeMap<>();
    private final Map<String, Deque<Entry<T>>> byKey = new HashMap<>();
    private int waiting;
    private long lastSeen = -1;
    private long committed = -1;

    /** @param bufferLimit not-yet-started records at which {@link #full()} turns true */
    PartitionLedger(int bufferLimit) {
        if (bufferLimit <= 0) {
            throw new IllegalArgumentException("bufferLimit must be positive: " + bufferLimit);
        }
        this.bufferLimit = bufferLimit;
    }

    /**
     * Records a fetched record (records arrive in offset order); false, and nothing changes, for an
     * offset at or below one already seen.
     */
    boolean add(long offset, String key, T payload, boolean overtakes) {
        Objects.requireNonNull(key, "key");
        if (offset <= lastSeen) {
            return false;
        }
        lastSeen = offset;
        Entry<T> entry = new Entry<>(offset, key, payload, overtakes);
        tracked.put(offset, entry);
        byKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(entry);
        waiting++;
        return true;
    }

    /**
     * The records that may start now, in offset order, marked running: per key, the first waiting record
     * when nothing of its key runs, plus overtaking records right behind records that run.
     */
    List<Entry<T>> takeStartable(Instant now) {
        List<Entry<T>> started = new ArrayList<>();
        for (Deque<Entry<T>> queue : byKey.values()) {
            boolean anyRunning = false;
            for (Entry<T> entry : queue) {
                if (entry.running) {
                    anyRunning = true;
                    continue;
                }
                if ((anyRunning && !entry.overtakes) || entry.notBefore.isAfter(now)) {
                    break;
                }
                entry.running = true;
                waiting--;
                anyRunning = true;
                started.add(entry);
            }
        }
        started.sort(Comparator.comparingLong(Entry::offset));
        return started;
    }

    /** The record's work is durable: it no longer holds back its key or the commit point. */
    void complete(long offset) {
        Entry<T> entry = tracked.remove(offset);
        if (entry == null) {
            return;
        }
        if (!entry.running) {
            waiting--;
        }
        Deque<Entry<T>> queue = byKey.get(entry.key);
        queue.remove(entry);
        if (queue.isEmpty()) {
            byKey.remove(entry.key);
        }
    }

    /** A running record must run again, not before {@code notBefore}; it keeps its place in its key's order. */
    void retry(long offset, Instant notBefore) {
        Entry<T> entry = tracked.get(offset);
        if (entry == null || !entry.running) {
            return;
        }
        entry.running = false;
        entry.notBefore = Objects.requireNonNull(notBefore, "notBefore");
        waiting++;
    }

    /** The records running now, in offset order. */
    List<Entry<T>> running() {
        return tracked.values().stream().filter(e -> e.running).toList();
    }

    /** The offset the group may commit now: the end of the contiguous completed prefix (empty before any record). */
    OptionalLong commitPoint() {
        if (!tracked.isEmpty()) {
            return OptionalLong.of(tracked.firstKey());
        }
        return lastSeen < 0 ? OptionalLong.empty() : OptionalLong.of(lastSeen + 1);
    }

    /** The commit point if it moved past what {@link #committed} last recorded. */
    OptionalLong toCommit() {
        OptionalLong point = commitPoint();
        return point.isPresent() && point.getAsLong() > committed ? point : OptionalLong.empty();
    }

    /** Remembers a successful commit, so {@link #toCommit} offers only progress. */
    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** Records fetched and not started yet (including those waiting to be retried). */
    int waiting() {
        return waiting;
    }

    /** True when the not-yet-started records reached the bound: stop fetching until they drain. */
    boolean full() {
        return waiting >= bufferLimit;
    }
}
