package io.backfill.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The latency/makespan trade-off the static admission budgets can reach, against which the adaptive strategy is
 * scored: {@code score = adaptive makespan ÷ M*(adaptive ratio)}, where {@code M*(r)} is the best makespan a
 * static setting achieves without hurting the foreground more than {@code r}. Below 1 adaptive beat every static
 * budget at its own foreground cost; above 1 a well-chosen static budget would have finished sooner.
 *
 * <p>Only the Pareto-efficient static points matter: a dominated budget is never the one to pick. Between two
 * efficient points the frontier is interpolated linearly, because the budget is a continuous knob and adaptive is
 * not restricted to the few values we happened to measure: an operator could have chosen a budget in between,
 * which we assume lands in between on both axes. Beyond the fastest efficient point the frontier stays flat:
 * tolerating more foreground latency cannot make the best static choice worse (just keep the fastest one), and we
 * have no evidence that a larger budget would be faster still. Below the gentlest point it is undefined rather than
 * extrapolated: no static setting was measured to be that gentle, so any makespan we invented there would make the
 * score say more than the data does.
 */
final class Frontier {

    /**
     * One measured static budget (medians over repeats).
     *
     * @param ratio foreground p95 latency under this budget ÷ baseline p95 (no backfill), at least 0
     * @param makespanSeconds how long the backfill took, more than 0
     */
    record Point(String label, double ratio, double makespanSeconds) {
        Point {
            Objects.requireNonNull(label, "label");
        }

        boolean finite() {
            return Double.isFinite(ratio) && Double.isFinite(makespanSeconds);
        }
    }

    private final List<Point> points;
    private final List<Point> dominated;

    private Frontier(List<Point> points, List<Point> dominated) {
        this.points = List.copyOf(points);
        this.dominated = List.copyOf(dominated);
    }

    /**
     * Splits the measured static points into the efficient ones and the rest. Points with a NaN or infinite value
     * (a failed run) are left out of both. Of several identical points only the first is efficient, so the frontier
     * never repeats a ratio.
     *
     * @throws IllegalArgumentException for a finite point with a negative ratio or a makespan that is not positive
     */
    static Frontier of(List<Point> staticPoints) {
        List<Point> usable = new ArrayList<>();
        for (Point p : staticPoints) {
            if (!p.finite()) {
                continue;
            }
            if (p.ratio() < 0 || p.makespanSeconds() <= 0) {
                throw new IllegalArgumentException("ratio must be >= 0 and makespan > 0: " + p);
            }
            usable.add(p);
        }
        // Stable sort: among identical points the first one given stays first and is the one kept.
        usable.sort(Comparator.comparingDouble(Point::ratio).thenComparingDouble(Point::makespanSeconds));
        List<Point> efficient = new ArrayList<>();
        List<Point> rest = new ArrayList<>();
        double fastestSoFar = Double.POSITIVE_INFINITY;
        for (Point p : usable) {
            // Every earlier point is at least as gentle, so p survives only by being strictly faster than all of them.
            if (p.makespanSeconds() < fastestSoFar) {
                efficient.add(p);
                fastestSoFar = p.makespanSeconds();
            } else {
                rest.add(p);
            }
        }
        return new Frontier(efficient, rest);
    }

    /** The efficient static points, ratio strictly ascending and makespan strictly descending. */
    List<Point> points() {
        return points;
    }

    /** The finite static points some efficient point beats (or equals), ordered by ratio then makespan. */
    List<Point> dominated() {
        return dominated;
    }

    /**
     * {@code M*(ratio)}: the best makespan a static budget reaches with a foreground ratio of at most {@code ratio};
     * empty when no static point is that gentle (or the frontier is empty, or {@code ratio} is NaN).
     */
    OptionalDouble bestMakespanAt(double ratio) {
        if (points.isEmpty() || Double.isNaN(ratio) || ratio < points.getFirst().ratio()) {
            return OptionalDouble.empty();
        }
        Point fastest = points.getLast();
        if (ratio >= fastest.ratio()) {
            return OptionalDouble.of(fastest.makespanSeconds());
        }
        int i = 0;
        while (points.get(i + 1).ratio() <= ratio) {
            i++;
        }
        Point gentler = points.get(i);
        Point faster = points.get(i + 1);
        double t = (ratio - gentler.ratio()) / (faster.ratio() - gentler.ratio());
        return OptionalDouble.of(
                gentler.makespanSeconds() + t * (faster.makespanSeconds() - gentler.makespanSeconds()));
    }

    /**
     * {@code makespan ÷ M*(ratio)} for a run (typically adaptive) that hurt the foreground by {@code ratio}: below 1
     * it beat the static frontier, above 1 it was slower; empty when {@code M*} is.
     */
    OptionalDouble score(double ratio, double makespanSeconds) {
        OptionalDouble best = bestMakespanAt(ratio);
        return best.isPresent() ? OptionalDouble.of(makespanSeconds / best.getAsDouble()) : OptionalDouble.empty();
    }
}
