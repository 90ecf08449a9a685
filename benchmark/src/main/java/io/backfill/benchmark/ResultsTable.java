package io.backfill.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Formats the scenario results and targets as Markdown tables (printed and written to the results
 * file). Ratios compare each scenario with the baseline of the same kind (spike or not) over the same
 * kind of window.
 */
final class ResultsTable {

    private ResultsTable() {}

    static String scenarios(List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | strategy | spike | partitions | makespan | fg p95 | p95 vs baseline | fg p99 |"
                + " p99 vs baseline | pauses | partitions/s |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult r : results) {
            Optional<ScenarioResult> base = baselineFor(r, results);
            md.append("| ")
                    .append(r.scenario().name())
                    .append(" | ")
                    .append(r.scenario().strategyLabel())
                    .append(" | ")
                    .append(r.scenario().spike() ? "yes" : "no")
                    .append(" | ")
                    .append(r.scenario().baseline() ? "–" : r.published() + "/" + r.partitions())
                    .append(" | ")
                    .append(
                            r.scenario().baseline()
                                    ? "(" + seconds(r.makespan().toMillis()) + ")"
                                    : seconds(r.makespan().toMillis()) + (r.completed() ? "" : " (limit)"))
                    .append(" | ")
                    .append(millis(r.p95Millis()))
                    .append(" | ")
                    .append(base.map(b -> ratio(r.p95Millis(), b.p95Millis())).orElse("–"))
                    .append(" | ")
                    .append(millis(r.p99Millis()))
                    .append(" | ")
                    .append(base.map(b -> ratio(r.p99Millis(), b.p99Millis())).orElse("–"))
                    .append(" | ")
                    .append(r.scenario().baseline() ? "–" : String.valueOf(r.pauses()))
                    .append(" | ")
                    .append(r.scenario().baseline() ? "–" : String.format(Locale.ROOT, "%.2f", r.partitionsPerSecond()))
                    .append(" |\n");
        }
        return md.toString();
    }

    static String targets(List<Target> targets) {
        StringBuilder md = new StringBuilder();
        md.append("| target | wanted | measured | verdict |\n|---|---|---|---|\n");
        for (Target t : targets) {
            md.append("| ")
                    .append(t.name())
                    .append(" | ")
                    .append(t.target())
                    .append(" | ")
                    .append(t.measured())
                    .append(" | ")
                    .append(t.met().isPresent() && t.met().get() ? "met" : "**" + t.verdict() + "**")
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The baseline of the same kind (with or without spike); empty for baselines themselves. */
    static Optional<ScenarioResult> baselineFor(ScenarioResult r, List<ScenarioResult> all) {
        if (r.scenario().baseline()) {
            return Optional.empty();
        }
        return all.stream()
                .filter(b -> b.scenario().baseline()
                        && b.scenario().spike() == r.scenario().spike())
                .findFirst();
    }

    static double ratioValue(double value, double base) {
        return base > 0 && !Double.isNaN(value) ? value / base : Double.NaN;
    }

    static String ratio(double value, double base) {
        double r = ratioValue(value, base);
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f×", r);
    }

    static String millis(double ms) {
        return Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Rows of a simple two-column key/value table. */
    static String keyValues(List<String[]> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("| figure | value |");
        lines.add("|---|---|");
        for (String[] row : rows) {
            lines.add("| " + row[0] + " | " + row[1] + " |");
        }
        return String.join("\n", lines) + "\n";
    }
}
