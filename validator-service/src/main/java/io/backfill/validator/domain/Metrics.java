package io.backfill.validator.domain;

/**
 * Names of the metrics the anomaly check scores. The name is also the outcome's {@code method}, which is
 * how {@link MetricRecorder} finds the metric again when history is rebuilt from decisions.
 */
public final class Metrics {

    public static final String ROW_COUNT = "row_count";

    private Metrics() {}

    /** Fraction of rows whose {@code column} is NULL (0 for an empty partition). */
    public static String nullRate(String column) {
        return "null_rate(" + column + ")";
    }

    /** Sum of a numeric {@code column}. */
    public static String sum(String column) {
        return "sum(" + column + ")";
    }
}
