package io.backfill.validator.domain;

import io.backfill.core.TableRef;
import java.util.List;

/**
 * Earlier committed values of each metric of each target table, which the anomaly check scores new
 * partitions against. Holds one point per partition key: a later phase that republishes a partition
 * replaces its value, because the history describes what the table holds now.
 *
 * <p>It is fed only by {@link #record} calls, so a service can rebuild it on startup by replaying
 * committed gate decisions through {@link MetricRecorder} in topic order. Recording the same point again
 * is harmless, which makes replays and redeliveries idempotent.
 */
public interface MetricHistory {

    /** Adds or replaces the point of {@code point.partitionKey()} for the target's metric. */
    void record(TableRef target, String metric, MetricPoint point);

    /** The metric's points of the target, oldest recorded first; empty when none. */
    List<MetricPoint> points(TableRef target, String metric);
}
