package io.backfill.executor.execution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent event ids this instance carried out, so a command redelivered to the same
 * instance is skipped without touching the warehouse. Bounded: it is an optimisation; correctness
 * rests on the warehouse operations being idempotent and on deterministic progress event ids.
 */
final class RecentIds {

    private final int capacity;
    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.capacity = capacity;
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RecentIds.this.capacity;
            }
        };
    }

    synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    synchronized void add(String id) {
        ids.put(id, Boolean.TRUE);
    }
}
