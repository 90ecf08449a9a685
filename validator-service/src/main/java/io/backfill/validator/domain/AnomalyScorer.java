package io.backfill.validator.domain;

import java.util.Arrays;
import java.util.List;

/**
 * Scores a metric value against its history with a robust z-score (Iglewicz and Hoaglin's "modified
 * z-score"): {@code (value - median) / (1.4826 * MAD)}, where MAD is the median absolute deviation from
 * the median.
 *
 * <p>Why median and MAD rather than mean and standard deviation: the history this runs on is exactly
 * where the outliers we hunt end up (a half-loaded partition, a day of duplicates published before the
 * checks existed). One such value drags the mean towards itself and inflates the standard deviation, which
 * hides the next outlier of the same kind; median and MAD ignore up to half the history being wild. The
 * factor 1.4826 makes the MAD estimate the standard deviation for normally distributed data, so the
 * threshold reads like an ordinary z-score: the default 3.5 is the cut-off Iglewicz and Hoaglin
 * recommend.
 *
 * <p>A MAD of zero happens when more than half the history is one value (a row count that is 24 every
 * hour). Dividing by it would call any change infinitely anomalous, and ignoring the spread would call
 * nothing anomalous. The scorer then falls back to the mean absolute deviation around the median scaled
 * by 1.2533 (its normal-consistency factor), which still sees the minority of values that did vary. Only
 * when the whole history is one constant is there no spread at all: then the same value scores 0 and any
 * other value scores infinity, i.e. FAIL, because a metric that never moved has moved. Declare such a
 * check non-blocking if that is too strict for the metric.
 *
 * <p>Only the most recent {@code window} points count, so slow legitimate drift (a growing business)
 * does not turn into anomalies; below {@code minHistory} points the score is not trusted and the
 * outcome is WARN.
 */
public final class AnomalyScorer {

    public static final double DEFAULT_THRESHOLD = 3.5;
    public static final int DEFAULT_MIN_HISTORY = 8;
    public static final int DEFAULT_WINDOW = 100;

    /** Makes the MAD a consistent estimator of the standard deviation of normal data (1 / Φ⁻¹(3/4)). */
    static final double MAD_SCALE = 1.4826;

    /** Makes the mean absolute deviation a consistent estimator of the standard deviation (√(π/2)). */
    static final double MEAN_AD_SCALE = 1.2533;

    private final int minHistory;
    private final int window;

    public AnomalyScorer() {
        this(DEFAULT_MIN_HISTORY, DEFAULT_WINDOW);
    }

    public AnomalyScorer(int minHistory, int window) {
        if (minHistory < 1 || window < minHistory) {
            throw new IllegalArgumentException(
                    "need 1 <= minHistory <= window, was minHistory=" + minHistory + ", window=" + window);
        }
        this.minHistory = minHistory;
        this.window = window;
    }

    public int minHistory() {
        return minHistory;
    }

    /**
     * Scores {@code value} against {@code history} (oldest first; only the last {@code window} count).
     *
     * @param threshold the largest absolute score that still passes
     */
    public AnomalyScore score(double value, List<Double> history, double threshold) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot score a non-finite value " + value);
        }
        double[] recent = history.subList(Math.max(0, history.size() - window), history.size()).stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
        int n = recent.length;
        if (n < minHistory) {
            return AnomalyScore.insufficient(value, n, minHistory, threshold);
        }
        double median = median(recent);
        double[] deviations =
                Arrays.stream(recent).map(x -> Math.abs(x - median)).toArray();
        double mad = median(deviations);
        if (mad > 0) {
            return AnomalyScore.scored(
                    value, n, minHistory, threshold, median, MAD_SCALE * mad, AnomalyScore.Spread.MAD);
        }
        double meanDeviation = Arrays.stream(deviations).average().orElse(0);
        if (meanDeviation > 0) {
            return AnomalyScore.scored(
                    value,
                    n,
                    minHistory,
                    threshold,
                    median,
                    MEAN_AD_SCALE * meanDeviation,
                    AnomalyScore.Spread.MEAN_ABSOLUTE_DEVIATION);
        }
        return AnomalyScore.scored(value, n, minHistory, threshold, median, 0, AnomalyScore.Spread.CONSTANT);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
