package io.backfill.planner.domain.split;

import io.backfill.core.Partition;
import java.util.Map;
import java.util.Objects;

/**
 * Corrects the row-count prior with observed staging seconds, for re-splitting the phases not yet
 * released.
 *
 * <p>The rule: row counts give the <em>shape</em> (which partitions are heavier), observations give
 * the <em>rate</em>. Over the partitions observed so far, the ratio {@code r = observed seconds / prior
 * seconds} says how far off the prior's rows-per-second was; it is blended with the prior's own ratio of
 * 1 as if the prior were {@value #PRIOR_WEIGHT} observed partitions: {@code scale = (n·r + K) / (n + K)}.
 * One skewed partition therefore moves the estimate only part of the way, a phase's worth moves it most
 * of the way, and every remaining partition costs {@code prior × scale}. When the prior says the observed
 * partitions cost nothing (no rows), there is no rate to correct, and each remaining partition costs the
 * blend of the observed mean and its prior: {@code (Σ observed + K·prior) / (n + K)}.
 *
 * @param observations partitions observed
 * @param observedSeconds their total observed seconds
 * @param priorSeconds their total prior seconds
 */
public record CostCalibration(int observations, double observedSeconds, double priorSeconds) {

    /** How many observed partitions the row-count prior is worth. */
    public static final int PRIOR_WEIGHT = 2;

    public CostCalibration {
        if (observations < 0 || !(observedSeconds >= 0) || !(priorSeconds >= 0)) {
            throw new IllegalArgumentException("observations and seconds must be non-negative");
        }
    }

    /** Calibrates {@code prior} from {@code observedSecondsByKey} over the partitions of {@code observedOn}. */
    public static CostCalibration of(
            CostModel prior, Iterable<Partition> observedOn, Map<String, Double> observedSecondsByKey) {
        Objects.requireNonNull(prior, "prior");
        int n = 0;
        double observed = 0;
        double expected = 0;
        for (Partition partition : observedOn) {
            Double seconds = observedSecondsByKey.get(partition.key());
            if (seconds != null && seconds >= 0 && !Double.isInfinite(seconds)) {
                n++;
                observed += seconds;
                expected += prior.secondsFor(partition);
            }
        }
        return new CostCalibration(n, observed, expected);
    }

    /** The factor remaining partitions' prior cost is multiplied by; 1 without observations. */
    public double scale() {
        if (observations == 0 || priorSeconds == 0) {
            return 1;
        }
        double ratio = observedSeconds / priorSeconds;
        return (observations * ratio + PRIOR_WEIGHT) / (observations + PRIOR_WEIGHT);
    }

    /** The calibrated cost model for the partitions still to run. */
    public CostModel apply(CostModel prior) {
        Objects.requireNonNull(prior, "prior");
        if (observations == 0) {
            return prior;
        }
        if (priorSeconds == 0) {
            return partition ->
                    (observedSeconds + PRIOR_WEIGHT * prior.secondsFor(partition)) / (observations + PRIOR_WEIGHT);
        }
        double scale = scale();
        return partition -> prior.secondsFor(partition) * scale;
    }
}
