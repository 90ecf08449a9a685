package io.backfill.executor.domain.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/**
 * The law against {@link SimulatedWarehouse}s of many shapes: it converges, settles inside the dead
 * band, keeps its oscillation bounded, never collapses to zero on noise, and fills spare capacity.
 */
class WarehouseBudgetControllerPropertiesTest {

    private static final ControllerSettings SETTINGS = ControllerSettings.defaults();

    /**
     * A warehouse where each statement costs little (many fit): the measured ratio settles in the band
     * and the budget stops moving much.
     */
    @Property(tries = 25)
    void settlesInsideTheDeadBandOnASmoothWarehouse(
            @ForAll @DoubleRange(min = 0.02, max = 0.12) double slowdown,
            @ForAll @DoubleRange(min = 0.2, max = 2.0) double statementSeconds,
            @ForAll @DoubleRange(min = 0.0, max = 0.08) double noise,
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        SimulatedWarehouse sim = new SimulatedWarehouse(slowdown, statementSeconds, noise, seed, SETTINGS);
        List<SimulatedWarehouse.Tick> settled = after(sim.run(300), 150);

        double meanRunning = settled.stream()
                .mapToInt(SimulatedWarehouse.Tick::running)
                .average()
                .orElseThrow();
        double felt = sim.trueRatio(0) + slowdown * meanRunning;
        assertThat(felt).as("mean felt ratio once settled").isBetween(1.2 - 0.2, 1.2 + 0.15);
        assertThat(shareOfWindowsFeltInBand(settled, sim))
                .as("10 s windows whose felt ratio is at most the band's top + 0.1")
                .isGreaterThanOrEqualTo(0.85);
        // The p95 of forty noisy canaries wanders: the budget drifts inside the band, within a bound.
        double[] budgets = working(settled);
        assertThat(max(budgets) / min(budgets)).as("budget swing once settled").isLessThan(4);
        assertThat(reversals(settled)).as("direction reversals in 150 s").isLessThanOrEqualTo(12);
    }

    /** However steep the warehouse and noisy the canary, the budget never drops to zero on its own. */
    @Property(tries = 25)
    void neverCollapsesToZeroWithoutASustainedBreach(
            @ForAll @DoubleRange(min = 0.02, max = 1.5) double slowdown,
            @ForAll @DoubleRange(min = 0.1, max = 3.0) double statementSeconds,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double noise,
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        List<SimulatedWarehouse.Tick> ticks =
                after(new SimulatedWarehouse(slowdown, statementSeconds, noise, seed, SETTINGS).run(240), 10);

        assertThat(ticks)
                .filteredOn(t -> !t.state().equals("probing"))
                .allSatisfy(t -> assertThat(t.budget())
                        .as("budget at %.0f s", t.second())
                        .isPositive());
    }

    /** A steep warehouse (one statement hurts a lot): the budget stays low and does not saw-tooth. */
    @Property(tries = 25)
    void staysGentleAndBoundedOnASteepWarehouse(
            @ForAll @DoubleRange(min = 0.3, max = 1.5) double slowdown,
            @ForAll @DoubleRange(min = 0.2, max = 2.0) double statementSeconds,
            @ForAll @DoubleRange(min = 0.0, max = 0.08) double noise,
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        SimulatedWarehouse sim = new SimulatedWarehouse(slowdown, statementSeconds, noise, seed, SETTINGS);
        List<SimulatedWarehouse.Tick> settled = after(sim.run(300), 150);

        double meanRunning = settled.stream()
                .mapToInt(SimulatedWarehouse.Tick::running)
                .average()
                .orElseThrow();
        assertThat(sim.trueRatio(0) + slowdown * meanRunning)
                .as("mean felt ratio")
                .isLessThan(1.2 + 0.15);
        assertThat(max(working(settled))).as("most budget once settled").isLessThan(1.0);
        // Here the law probes upward from near its floor and is pushed back: small moves, bounded in number.
        assertThat(reversals(settled)).as("direction reversals in 150 s").isLessThanOrEqualTo(20);
    }

    /** Where the backfill is barely felt, the law fills the warehouse up to its maximum quickly. */
    @Property(tries = 10)
    void fillsAnIdleWarehouse(
            @ForAll @DoubleRange(min = 0.0, max = 0.005) @Scale(4) double slowdown,
            @ForAll @DoubleRange(min = 0.2, max = 1.0) double statementSeconds,
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        List<SimulatedWarehouse.Tick> ticks =
                new SimulatedWarehouse(slowdown, statementSeconds, 0.02, seed, SETTINGS).run(40);

        assertThat(ticks.getLast().budget()).isEqualTo(SETTINGS.law().maxBudget());
    }

    /** A foreground spike halves the budget at the first decision that sees it. */
    @Property(tries = 10)
    void aSpikeHalvesTheBudgetWithinTwoDecisions(
            @ForAll @DoubleRange(min = 0.02, max = 0.1) double slowdown,
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        List<SimulatedWarehouse.Tick> ticks = new SimulatedWarehouse(slowdown, 0.5, 0.02, seed, SETTINGS)
                .spike(120, 140, 4)
                .run(125);
        double before = ticks.stream()
                .filter(t -> t.second() < 120 && !t.state().equals("probing"))
                .reduce((first, second) -> second)
                .orElseThrow()
                .budget();
        double afterTwo = ticks.stream()
                .filter(t -> t.second() > 121.5 && t.second() < 122.5)
                .mapToDouble(SimulatedWarehouse.Tick::budget)
                .max()
                .orElseThrow();
        assertThat(afterTwo).isLessThanOrEqualTo(before / 2 + 1e-9);
    }

    /** Of the 10 s windows, the share whose mean felt ratio is at most {@code target + band + 0.1}. */
    private static double shareOfWindowsFeltInBand(List<SimulatedWarehouse.Tick> ticks, SimulatedWarehouse sim) {
        BudgetLawSettings law = SETTINGS.law();
        int windows = 0;
        int inBand = 0;
        for (int from = 0; from + 10 <= ticks.size(); from += 10) {
            double running = ticks.subList(from, from + 10).stream()
                    .mapToInt(SimulatedWarehouse.Tick::running)
                    .average()
                    .orElseThrow();
            double felt = sim.trueRatio(0) + (sim.trueRatio(1) - sim.trueRatio(0)) * running;
            windows++;
            if (felt <= law.targetRatio() + law.band() + 0.1) {
                inBand++;
            }
        }
        return (double) inBand / windows;
    }

    private static List<SimulatedWarehouse.Tick> after(List<SimulatedWarehouse.Tick> ticks, double second) {
        return ticks.stream().filter(t -> t.second() >= second).toList();
    }

    private static double[] working(List<SimulatedWarehouse.Tick> ticks) {
        return ticks.stream()
                .filter(t -> !t.state().equals("probing"))
                .mapToDouble(SimulatedWarehouse.Tick::budget)
                .toArray();
    }

    private static int reversals(List<SimulatedWarehouse.Tick> ticks) {
        int reversals = 0;
        int direction = 0;
        double last = Double.NaN;
        for (SimulatedWarehouse.Tick t : ticks) {
            if (t.state().equals("probing")) {
                continue;
            }
            if (!Double.isNaN(last) && t.budget() != last) {
                int now = t.budget() > last ? 1 : -1;
                if (direction != 0 && now != direction) {
                    reversals++;
                }
                direction = now;
            }
            last = t.budget();
        }
        return reversals;
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }
}
