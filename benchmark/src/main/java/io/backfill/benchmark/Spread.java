package io.backfill.benchmark;

import java.util.List;
import java.util.Locale;

/** Median and range of one figure over the repeats of a scenario; NaN values (not measured) are left out. */
record Spread(double median, double min, double max, int n) {

    static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

    static Spread of(List<Double> values) {
        List<Double> sorted =
                values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (sorted.isEmpty()) {
            return NONE;
        }
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.getFirst(), sorted.getLast(), n);
    }

    boolean measured() {
        return n > 0;
    }

    /** {@code 1.23 (1.10–1.41)} with the given format, or the median alone for one value, or a dash. */
    String format(String pattern) {
        if (n == 0) {
            return "–";
        }
        String m = String.format(Locale.ROOT, pattern, median);
        if (n == 1 || min == max) {
            return m;
        }
        return m + " (" + String.format(Locale.ROOT, pattern, min) + "–" + String.format(Locale.ROOT, pattern, max)
                + ")";
    }
}
