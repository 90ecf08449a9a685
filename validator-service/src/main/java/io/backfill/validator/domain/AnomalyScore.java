package io.backfill.validator.domain;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One value's robust z-score against its history, with everything needed to explain it in a decision.
 *
 * @param value the scored value
 * @param historySize how many history points were used
 * @param minHistory how many are needed for a trusted score
 * @param threshold the largest absolute score that passes
 * @param median the history's median, NaN without enough history
 * @param sigma the estimated standard deviation the deviation is divided by, 0 for a constant history
 * @param spread where {@code sigma} came from
 * @param score the robust z-score, NaN without enough history, ±infinity off a constant history
 */
public record AnomalyScore(
        double value,
        int historySize,
        int minHistory,
        double threshold,
        double median,
        double sigma,
        Spread spread,
        double score) {

    /** Which estimate of the spread the score divides by. */
    public enum Spread {
        /** Not scored: too little history. */
        NONE,
        /** 1.4826 × median absolute deviation. */
        MAD,
        /** 1.2533 × mean absolute deviation, because the MAD was zero. */
        MEAN_ABSOLUTE_DEVIATION,
        /** Every history point is the same value. */
        CONSTANT
    }

    static AnomalyScore insufficient(double value, int historySize, int minHistory, double threshold) {
        return new AnomalyScore(
                value, historySize, minHistory, threshold, Double.NaN, Double.NaN, Spread.NONE, Double.NaN);
    }

    static AnomalyScore scored(
            double value, int n, int minHistory, double threshold, double median, double sigma, Spread spread) {
        double deviation = value - median;
        double score;
        if (sigma > 0) {
            score = deviation / sigma;
        } else {
            score = deviation == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, deviation);
        }
        return new AnomalyScore(value, n, minHistory, threshold, median, sigma, spread, score);
    }

    public boolean hasEnoughHistory() {
        return spread != Spread.NONE;
    }

    /** PASS within the threshold, FAIL beyond it, WARN when there was too little history to tell. */
    public CheckStatus status() {
        if (!hasEnoughHistory()) {
            return CheckStatus.WARN;
        }
        return Math.abs(score) > threshold ? CheckStatus.FAIL : CheckStatus.PASS;
    }

    /** What the value was compared with, for the decision's {@code expected}. */
    public String expectation() {
        if (!hasEnoughHistory()) {
            return "|robust z| <= " + text(threshold) + " (needs " + minHistory + " earlier values)";
        }
        String spreadText = switch (spread) {
            case MAD -> "sigma " + text(sigma) + " from MAD";
            case MEAN_ABSOLUTE_DEVIATION -> "sigma " + text(sigma) + " from mean abs. deviation, MAD is 0";
            case CONSTANT -> "history constant";
            case NONE -> throw new IllegalStateException("unreachable");
        };
        return "|robust z| <= " + text(threshold) + " around median " + text(median) + " (" + spreadText + ", n="
                + historySize + ")";
    }

    /** The explanation for the decision's {@code detail}. */
    public String explanation() {
        if (!hasEnoughHistory()) {
            return "insufficient history (" + historySize + " of " + minHistory + ")";
        }
        if (spread == Spread.CONSTANT) {
            return score == 0
                    ? "equals the constant history"
                    : "history is constant at " + text(median) + "; any change is anomalous";
        }
        return "robust z = " + text(score);
    }

    /** Short, stable text of a double: six significant digits, no exponent. */
    static String text(double x) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "n/a" : (x > 0 ? "+inf" : "-inf");
        }
        return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
