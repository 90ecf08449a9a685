package io.backfill.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the sweep's scenarios into figures. Each backfill scenario's foreground p95 is divided by the
 * p95 of the baseline of its own block (same repeat, same profile, run beside it), so slow drift of a
 * shared host between blocks does not enter the ratio. For the bursty profile only queries meant to
 * start in busy periods count (the quiet periods are where any strategy looks good). Repeats are
 * summarised by median and range; the static rows' medians make the frontier.
 */
final class SweepAnalysis {

    /** Figures of one (profile, setting) over its repeats. */
    record Row(
            String profile,
            String label,
            Optional<Strategy> strategy,
            int runs,
            int completed,
            Spread ratio,
            Spread makespan,
            Spread p95,
            Spread samples,
            Map<String, Spread> typeRatios,
            Spread statementSeconds,
            Spread pauses,
            Map<String, Spread> cpu) {

        boolean isStatic() {
            return strategy.map(Strategy::isStatic).orElse(false);
        }
    }

    private final List<ScenarioOutcome> outcomes;
    private final List<String> profiles;
    private final List<Row> rows = new ArrayList<>();

    SweepAnalysis(List<ScenarioOutcome> outcomes, List<String> profileOrder) {
        this.outcomes = List.copyOf(outcomes);
        this.profiles = List.copyOf(profileOrder);
        for (String profile : profiles) {
            Set<String> labels = new LinkedHashSet<>();
            outcomes.stream()
                    .filter(o -> o.profile().equals(profile))
                    .sorted(Comparator.comparingInt(SweepAnalysis::sortKey)
                            .thenComparingDouble(
                                    o -> o.strategy().map(Strategy::budget).orElse(0.0)))
                    .forEach(o -> labels.add(o.label()));
            for (String label : labels) {
                rows.add(summarise(profile, label));
            }
        }
    }

    private static int sortKey(ScenarioOutcome o) {
        if (o.baseline()) {
            return 0;
        }
        return switch (o.strategy().get().strategy()) {
            case NONE -> 1;
            case STATIC -> 2;
            case ADAPTIVE -> 3;
        };
    }

    /** Busy periods only for a cycling profile; everything otherwise. */
    static Predicate<ForegroundSamples.Sample> counted(String profile) {
        return "bursty".equals(profile) ? ForegroundSamples.Sample::busy : s -> true;
    }

    List<Row> rows() {
        return rows;
    }

    List<ScenarioOutcome> outcomes() {
        return outcomes;
    }

    List<String> profiles() {
        return profiles;
    }

    Optional<Row> row(String profile, String label) {
        return rows.stream()
                .filter(r -> r.profile().equals(profile) && r.label().equals(label))
                .findFirst();
    }

    /** The frontier of a profile from its static rows' medians (empty where the profile has no ratio). */
    Frontier frontier(String profile) {
        List<Frontier.Point> points = rows.stream()
                .filter(r ->
                        r.profile().equals(profile) && r.isStatic() && r.ratio().measured())
                .map(r -> new Frontier.Point(
                        r.label(), r.ratio().median(), r.makespan().median()))
                .toList();
        return Frontier.of(points);
    }

    /** The scenario's p95 over its block's baseline p95; NaN without foreground or baseline. */
    double ratio(ScenarioOutcome o) {
        return ratio(o, s -> true);
    }

    double ratio(ScenarioOutcome o, Predicate<ForegroundSamples.Sample> type) {
        if (o.baseline()) {
            return Double.NaN;
        }
        Optional<ScenarioOutcome> baseline = baselineOf(o);
        if (baseline.isEmpty()) {
            return Double.NaN;
        }
        Predicate<ForegroundSamples.Sample> filter = counted(o.profile()).and(type);
        double p95 = ForegroundSamples.stats(o.samples(), filter).p95();
        double base = ForegroundSamples.stats(baseline.get().samples(), filter).p95();
        return p95 / base;
    }

    Optional<ScenarioOutcome> baselineOf(ScenarioOutcome o) {
        return outcomes.stream()
                .filter(b -> b.baseline() && b.profile().equals(o.profile()) && b.repeat() == o.repeat())
                .findFirst();
    }

    private Row summarise(String profile, String label) {
        List<ScenarioOutcome> runs = outcomes.stream()
                .filter(o -> o.profile().equals(profile) && o.label().equals(label))
                .toList();
        Predicate<ForegroundSamples.Sample> counted = counted(profile);
        Map<String, Spread> types = new LinkedHashMap<>();
        for (String type : ForegroundQueries.MIX.types()) {
            types.put(
                    type,
                    Spread.of(runs.stream()
                            .map(o -> ratio(o, s -> s.type().equals(type)))
                            .toList()));
        }
        Map<String, Spread> cpu = new LinkedHashMap<>();
        runs.stream()
                .flatMap(o -> o.cpuSeconds().keySet().stream())
                .distinct()
                .forEach(group -> cpu.put(
                        group,
                        Spread.of(runs.stream()
                                .map(o -> o.cpuSeconds().getOrDefault(group, Double.NaN))
                                .toList())));
        return new Row(
                profile,
                label,
                runs.getFirst().strategy(),
                runs.size(),
                (int) runs.stream().filter(ScenarioOutcome::completed).count(),
                Spread.of(runs.stream().map(this::ratio).toList()),
                Spread.of(runs.stream()
                        .map(o -> o.baseline() ? Double.NaN : o.windowSeconds())
                        .toList()),
                Spread.of(runs.stream()
                        .map(o -> ForegroundSamples.stats(o.samples(), counted).p95())
                        .toList()),
                Spread.of(runs.stream()
                        .map(o -> o.samples().stream().filter(counted).count() * 1.0)
                        .toList()),
                types,
                Spread.of(runs.stream()
                        .map(o -> o.baseline() ? Double.NaN : o.statementSeconds())
                        .toList()),
                Spread.of(runs.stream()
                        .map(o -> o.baseline() ? Double.NaN : o.pauses() * 1.0)
                        .toList()),
                cpu);
    }
}
