package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepAnalysisTest {

    @Test
    void ratiosAreTakenAgainstTheBaselineOfTheSameBlock() {
        List<ScenarioOutcome> outcomes = List.of(
                outcome("steady", Optional.empty(), 1, 10, 0),
                outcome("steady", Optional.of(Strategy.fixed(1)), 1, 20, 30),
                // Repeat 2's baseline is slower (a busier host): its ratio is judged against it, not repeat 1's.
                outcome("steady", Optional.empty(), 2, 20, 0),
                outcome("steady", Optional.of(Strategy.fixed(1)), 2, 30, 50));

        SweepAnalysis analysis = new SweepAnalysis(outcomes, List.of("steady"));
        SweepAnalysis.Row row = analysis.row("steady", "static 1").orElseThrow();

        assertThat(row.runs()).isEqualTo(2);
        assertThat(row.ratio().min()).isCloseTo(1.5, within(0.02));
        assertThat(row.ratio().max()).isCloseTo(2.0, within(0.02));
        assertThat(row.ratio().median()).isCloseTo(1.75, within(0.02));
        assertThat(row.makespan().median()).isCloseTo(40, within(1e-9));
    }

    @Test
    void burstyRatiosCountOnlyBusyPeriods() {
        List<ScenarioOutcome> outcomes = List.of(
                outcomeWithQuiet(Optional.empty(), 10, 10),
                // Quiet-period queries are slow here, busy ones are not: the ratio must stay 1.
                outcomeWithQuiet(Optional.of(Strategy.adaptive()), 10, 500));

        SweepAnalysis analysis = new SweepAnalysis(outcomes, List.of("bursty"));

        assertThat(analysis.row("bursty", "adaptive").orElseThrow().ratio().median())
                .isCloseTo(1.0, within(0.02));
    }

    @Test
    void theFrontierComesFromTheStaticRowsOnly() {
        List<ScenarioOutcome> outcomes = List.of(
                outcome("steady", Optional.empty(), 1, 10, 0),
                outcome("steady", Optional.of(Strategy.fixed(0.5)), 1, 11, 100),
                outcome("steady", Optional.of(Strategy.fixed(2)), 1, 20, 40),
                outcome("steady", Optional.of(Strategy.none()), 1, 80, 35),
                outcome("steady", Optional.of(Strategy.adaptive()), 1, 12, 60));

        Frontier frontier = new SweepAnalysis(outcomes, List.of("steady")).frontier("steady");

        assertThat(frontier.points()).extracting(Frontier.Point::label).containsExactly("static 0.5", "static 2");
    }

    private static ScenarioOutcome outcome(
            String profile, Optional<Strategy> strategy, int repeat, long latencyMillis, double makespan) {
        List<ForegroundSamples.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            samples.add(new ForegroundSamples.Sample("lookup", i * 10_000_000L, latencyMillis * 1000, true));
        }
        return new ScenarioOutcome(
                profile, strategy, repeat, 0, true, makespan, 10, 10, 5, 0, samples, 0, List.of(), Map.of(), List.of());
    }

    private static ScenarioOutcome outcomeWithQuiet(Optional<Strategy> strategy, long busyMillis, long quietMillis) {
        List<ForegroundSamples.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean busy = i % 2 == 0;
            samples.add(new ForegroundSamples.Sample(
                    "lookup", i * 10_000_000L, (busy ? busyMillis : quietMillis) * 1000, busy));
        }
        return new ScenarioOutcome(
                "bursty", strategy, 1, 0, true, 30, 10, 10, 5, 0, samples, 0, List.of(), Map.of(), List.of());
    }
}
