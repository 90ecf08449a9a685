package io.backfill.validator.domain;

import io.backfill.core.TableRef;
import java.util.Optional;

/**
 * Turns the anomaly outcomes of a committed phase into history points. Only committed phases feed the
 * history: a rejected phase's values are the very data the gate refused, and learning from them would
 * teach the scorer that broken partitions are normal.
 *
 * <p>It reads only what a decision carries (check type, partition, method = metric name, observed =
 * value), so the service rebuilds its history on startup by calling {@link #recordCommitted} for every
 * committed decision on the gate-decisions topic in order.
 */
public final class MetricRecorder {

    private MetricRecorder() {}

    /**
     * Records every ANOMALY outcome of {@code verdict} that measured a value, if the verdict is COMMIT.
     *
     * @return how many points were recorded
     */
    public static int recordCommitted(MetricHistory history, TableRef target, String phaseId, GateVerdict verdict) {
        if (!verdict.commits()) {
            return 0;
        }
        int recorded = 0;
        for (CheckOutcome outcome : verdict.outcomes()) {
            Optional<MetricPoint> point = pointOf(outcome, phaseId);
            if (point.isPresent()) {
                history.record(target, outcome.method(), point.get());
                recorded++;
            }
        }
        return recorded;
    }

    static Optional<MetricPoint> pointOf(CheckOutcome outcome, String phaseId) {
        if (outcome.type() != CheckType.ANOMALY
                || outcome.status() == CheckStatus.ERROR
                || outcome.partitionKey() == null
                || outcome.method() == null
                || outcome.observed() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new MetricPoint(outcome.partitionKey(), phaseId, Double.parseDouble(outcome.observed())));
        } catch (IllegalArgumentException e) {
            // An outcome written by another version that carries no plain number: nothing to learn from it.
            return Optional.empty();
        }
    }
}
