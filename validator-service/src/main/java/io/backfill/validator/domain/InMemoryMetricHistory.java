package io.backfill.validator.domain;

import io.backfill.core.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MetricHistory} in memory, rebuilt from the gate-decisions topic on startup. Keeps at most
 * {@code maxPointsPerMetric} points per metric, dropping the oldest recorded, so a years-long backfill
 * cannot grow it without bound; scoring only ever looks at the recent window anyway. Thread-safe.
 */
public final class InMemoryMetricHistory implements MetricHistory {

    public static final int DEFAULT_MAX_POINTS_PER_METRIC = 1_000;

    private record Key(TableRef target, String metric) {}

    private final int maxPointsPerMetric;
    private final Map<Key, LinkedHashMap<String, MetricPoint>> points = new HashMap<>();

    public InMemoryMetricHistory() {
        this(DEFAULT_MAX_POINTS_PER_METRIC);
    }

    public InMemoryMetricHistory(int maxPointsPerMetric) {
        if (maxPointsPerMetric < 1) {
            throw new IllegalArgumentException("maxPointsPerMetric must be at least 1, was " + maxPointsPerMetric);
        }
        this.maxPointsPerMetric = maxPointsPerMetric;
    }

    @Override
    public synchronized void record(TableRef target, String metric, MetricPoint point) {
        LinkedHashMap<String, MetricPoint> series =
                points.computeIfAbsent(new Key(target, metric), k -> new LinkedHashMap<>());
        // Remove first so a republished partition moves to the newest end of the window.
        series.remove(point.partitionKey());
        series.put(point.partitionKey(), point);
        Iterator<String> oldest = series.keySet().iterator();
        while (series.size() > maxPointsPerMetric) {
            oldest.next();
            oldest.remove();
        }
    }

    @Override
    public synchronized List<MetricPoint> points(TableRef target, String metric) {
        LinkedHashMap<String, MetricPoint> series = points.get(new Key(target, metric));
        return series == null ? List.of() : List.copyOf(new ArrayList<>(series.values()));
    }
}
