package io.backfill.validator.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How far an observed value may drift from an expected one, as a fraction of the expected value
 * (0.01 = 1 %). Relative rather than absolute because the same request covers partitions of very
 * different sizes. Works on {@link BigDecimal} so sums of money compare exactly, not through doubles.
 *
 * <p>Zero expected values have no meaningful ratio: zero observed against zero expected is no
 * difference at all, and anything non-zero against zero expected is an infinite difference that no
 * finite tolerance allows (a source with no rows must stage no rows).
 *
 * @param relative the allowed relative difference, at least 0
 */
public record Tolerance(double relative) {

    /** Exact equality. */
    public static final Tolerance EXACT = new Tolerance(0);

    public Tolerance {
        if (!(relative >= 0) || Double.isInfinite(relative)) {
            throw new IllegalArgumentException("tolerance must be a finite number >= 0, was " + relative);
        }
    }

    /** The definition's tolerance, or {@code fallback} when it declares none. */
    public static Tolerance of(CheckDefinition def, Tolerance fallback) {
        return def.toleranceValue().isPresent()
                ? new Tolerance(def.toleranceValue().getAsDouble())
                : fallback;
    }

    /** |observed - expected| / |expected|; 0 when both are zero, +infinity when only expected is zero. */
    public static double relativeDifference(BigDecimal observed, BigDecimal expected) {
        BigDecimal difference = observed.subtract(expected).abs();
        if (difference.signum() == 0) {
            return 0;
        }
        if (expected.signum() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return difference.divide(expected.abs(), MathContext.DECIMAL64).doubleValue();
    }

    public static double relativeDifference(long observed, long expected) {
        return relativeDifference(BigDecimal.valueOf(observed), BigDecimal.valueOf(expected));
    }

    public boolean allows(BigDecimal observed, BigDecimal expected) {
        return relativeDifference(observed, expected) <= relative;
    }

    public boolean allows(long observed, long expected) {
        return allows(BigDecimal.valueOf(observed), BigDecimal.valueOf(expected));
    }

    /** {@code expected} with this tolerance, as decisions show it: {@code 100 ± 1%} or {@code 100 exactly}. */
    public String describe(Object expected) {
        return relative == 0 ? expected + " exactly" : expected + " ± " + percent(relative);
    }

    /** A relative difference as text: {@code 2.5%}, or {@code infinite} against a zero expectation. */
    public static String percent(double fraction) {
        if (Double.isInfinite(fraction)) {
            return "infinite";
        }
        return BigDecimal.valueOf(fraction * 100)
                        .round(new MathContext(4, RoundingMode.HALF_UP))
                        .stripTrailingZeros()
                        .toPlainString()
                + "%";
    }
}
