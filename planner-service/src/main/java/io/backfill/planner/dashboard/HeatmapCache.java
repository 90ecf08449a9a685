package io.backfill.planner.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last heatmaps built, by backfill, version ({@code updatedAt} of its summary) and cell count: every
 * open page asks again after each change, and a 100,000-partition heatmap reads 1,000 phase records, so
 * pages looking at the same version share one build. Bounded (least recently used out).
 */
final class HeatmapCache {

    private record Key(String backfillId, long version, int cells) {}

    private final int capacity;
    private final Map<Key, Heatmap.View> views;

    HeatmapCache(int capacity) {
        this.capacity = capacity;
        this.views = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Heatmap.View> eldest) {
                return size() > HeatmapCache.this.capacity;
            }
        };
    }

    Heatmap.View get(String backfillId, long version, int cells, Supplier<Heatmap.View> build) {
        Key key = new Key(backfillId, version, cells);
        synchronized (views) {
            Heatmap.View known = views.get(key);
            if (known != null) {
                return known;
            }
        }
        Heatmap.View built = build.get();
        synchronized (views) {
            views.put(key, built);
        }
        return built;
    }
}
