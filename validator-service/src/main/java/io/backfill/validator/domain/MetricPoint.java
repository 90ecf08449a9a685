package io.backfill.validator.domain;

import java.util.Objects;

/**
 * One committed value of a metric: the partition it describes and the phase that published it.
 *
 * @param partitionKey the partition's key
 * @param phaseId the phase whose COMMIT made this the partition's value
 * @param value the metric's value
 */
public record MetricPoint(String partitionKey, String phaseId, double value) {

    public MetricPoint {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(phaseId, "phaseId");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric value must be finite, was " + value);
        }
    }
}
