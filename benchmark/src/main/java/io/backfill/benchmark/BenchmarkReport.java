package io.backfill.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Collects what the run measured and turns it into the results file: machine, choices, the scenario
 * table, the targets with met / NOT met, the coordinator figures, and the plot.
 */
final class BenchmarkReport {

    private final BenchmarkOptions options;
    private final Instant started;
    private final String commandLine;
    private String machine = "?";
    private String postgres = "?";
    private String datasetLine = "?";
    private List<PlannerScaleProbe.Result> planning = List.of();
    private List<ScenarioResult> scenarios = List.of();
    private ReactionProbe.Result reaction;
    private Optional<RecoveryProbe.Result> recovery = Optional.empty();
    private Duration total = Duration.ZERO;

    BenchmarkReport(BenchmarkOptions options, Instant started, String commandLine) {
        this.options = options;
        this.started = started;
        this.commandLine = commandLine;
    }

    void machine(int cores, long memoryGib, String postgresVersion) {
        machine = cores + " cores, " + memoryGib + " GiB RAM, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + Runtime.version();
        postgres = "PostgreSQL " + postgresVersion;
    }

    void dataset(FactDataset dataset, FactDataset.Timings t) {
        datasetLine = String.format(
                Locale.ROOT,
                "%,d fact rows over %d days (UNLOGGED, generate_series): generated in %.1f s, BRIN index + ANALYZE %.1f s,"
                        + " aggregate table (%d days × %d stores) %.1f s",
                dataset.rows(),
                dataset.days(),
                t.facts().toMillis() / 1000.0,
                t.index().toMillis() / 1000.0,
                dataset.days(),
                FactDataset.STORES,
                t.aggregate().toMillis() / 1000.0);
    }

    void planning(List<PlannerScaleProbe.Result> results) {
        planning = List.copyOf(results);
    }

    void scenarios(List<ScenarioResult> results) {
        scenarios = List.copyOf(results);
    }

    void reaction(ReactionProbe.Result result) {
        reaction = result;
    }

    void recovery(Optional<RecoveryProbe.Result> result) {
        recovery = result;
    }

    void total(Duration duration) {
        total = duration;
    }

    /** The raw series behind the plot, so it can be redrawn or analysed without re-running. */
    void writeSeries(Path timelineCsv, Path latencyCsv) throws IOException {
        StringBuilder points = new StringBuilder("scenario,seconds,pressure,permits,running,staged\n");
        StringBuilder buckets = new StringBuilder("scenario,bucket_start_s,queries,p50_ms,p95_ms,p99_ms\n");
        for (ScenarioResult r : scenarios) {
            for (TimelinePoint p : r.timeline()) {
                points.append(String.format(
                        Locale.ROOT,
                        "%s,%.2f,%.3f,%d,%d,%d%n",
                        r.scenario().name(),
                        p.seconds(),
                        p.pressure(),
                        p.permits(),
                        p.running(),
                        p.staged()));
            }
            for (LatencyTimeline.Bucket b : r.latency()) {
                buckets.append(String.format(
                        Locale.ROOT,
                        "%s,%.1f,%d,%.1f,%.1f,%.1f%n",
                        r.scenario().name(),
                        b.startMillis() / 1000.0,
                        b.count(),
                        b.p50(),
                        b.p95(),
                        b.p99()));
            }
        }
        Files.createDirectories(timelineCsv.toAbsolutePath().getParent());
        Files.writeString(timelineCsv, points);
        Files.writeString(latencyCsv, buckets);
    }

    void writePlot(Path png) throws IOException {
        double from = options.spikeStart().toMillis() / 1000.0;
        TimelinePlot.write(
                png,
                scenarios,
                from,
                from + options.spikeLength().toMillis() / 1000.0,
                "backfill-coordinator contention benchmark — "
                        + started.toString().substring(0, 16) + "Z, " + machineShort());
    }

    private String machineShort() {
        return machine.split(",")[0] + ", " + postgres;
    }

    private Optional<ScenarioResult> scenario(String name) {
        return scenarios.stream().filter(r -> r.scenario().name().equals(name)).findFirst();
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(p95Target("adaptive", "adaptive: foreground p95 vs baseline", "≤ 1.2×", 1.2, true));
        targets.add(p95Target("none", "none: foreground p95 vs baseline (the harm to avoid)", "> 2×", 2.0, false));
        targets.add(p95Target(
                "adaptive-spike", "adaptive + spike: foreground p95 vs baseline + spike", "≤ 1.2×", 1.2, true));
        targets.add(p95Target("none-spike", "none + spike: foreground p95 vs baseline + spike", "> 2×", 2.0, false));
        targets.add(makespanTarget("adaptive", "static1", "adaptive makespan vs static 1"));
        targets.add(makespanTarget("adaptive-spike", "static1-spike", "adaptive makespan vs static 1 (spike)"));
        if (reaction == null || reaction.reactions().isEmpty()) {
            targets.add(Target.notMeasured(
                    "reaction: pressure spike → throttled admission, p95", "≤ 2 s", "no trial reacted"));
        } else {
            Duration p95 = Percentiles.of(reaction.reactions(), 95);
            String measured = ResultsTable.seconds(p95.toMillis()) + " ("
                    + reaction.reactions().size() + " trials"
                    + (reaction.missed() > 0 ? ", " + reaction.missed() + " without reaction" : "") + ")";
            targets.add(Target.of(
                    "reaction: pressure spike → throttled admission, p95",
                    "≤ 2 s",
                    measured,
                    p95.compareTo(Duration.ofSeconds(2)) <= 0 && reaction.missed() == 0));
        }
        if (planning.isEmpty()) {
            targets.add(Target.notMeasured(
                    "plan + release " + options.plannerPartitions() + " partitions", "≤ 2 s", "not run"));
        } else {
            PlannerScaleProbe.Result first = planning.getFirst();
            targets.add(Target.of(
                    "plan + release " + String.format(Locale.ROOT, "%,d", first.partitions())
                            + " partitions (first, cold run)",
                    "≤ 2 s",
                    first.time().toMillis() + " ms",
                    first.time().compareTo(Duration.ofSeconds(2)) <= 0 && first.released() == first.partitions()));
        }
        return targets;
    }

    private Target p95Target(String name, String label, String wanted, double bound, boolean atMost) {
        Optional<ScenarioResult> r = scenario(name);
        if (r.isEmpty()) {
            return Target.notMeasured(label, wanted, "scenario not run");
        }
        Optional<ScenarioResult> base = ResultsTable.baselineFor(r.get(), scenarios);
        if (base.isEmpty()) {
            return Target.notMeasured(label, wanted, "no baseline");
        }
        double ratio = ResultsTable.ratioValue(r.get().p95Millis(), base.get().p95Millis());
        if (Double.isNaN(ratio)) {
            return Target.notMeasured(label, wanted, "no foreground queries measured");
        }
        String measured = String.format(
                Locale.ROOT,
                "%.2f× (%s vs %s)",
                ratio,
                ResultsTable.millis(r.get().p95Millis()),
                ResultsTable.millis(base.get().p95Millis()));
        return Target.of(label, wanted, measured, atMost ? ratio <= bound : ratio > bound);
    }

    private Target makespanTarget(String adaptive, String pool, String label) {
        Optional<ScenarioResult> a = scenario(adaptive);
        Optional<ScenarioResult> s = scenario(pool);
        if (a.isEmpty() || s.isEmpty()) {
            return Target.notMeasured(label, "≤ 0.5×", "scenario not run");
        }
        double ratio =
                a.get().makespan().toMillis() / (double) s.get().makespan().toMillis();
        boolean bothDone = a.get().completed() && s.get().completed();
        String measured = String.format(
                        Locale.ROOT,
                        "%.2f× (%s vs %s)",
                        ratio,
                        ResultsTable.seconds(a.get().makespan().toMillis()),
                        ResultsTable.seconds(s.get().makespan().toMillis()))
                + (bothDone ? "" : ", not both completed");
        return Target.of(label, "≤ 0.5×", measured, bothDone && ratio <= 0.5);
    }

    String markdown(String pngName) {
        StringBuilder md = new StringBuilder();
        md.append("# Contention benchmark — latest results\n\n");
        md.append("Run ")
                .append(started.toString(), 0, 19)
                .append("Z with `")
                .append(commandLine)
                .append("` in ")
                .append(total.toSeconds())
                .append(" s in total.\n\n");
        md.append("- Machine: ").append(machine).append("\n");
        md.append("- Warehouse: ")
                .append(postgres)
                .append(" on the same host, its own database; ")
                .append("`max_parallel_workers_per_gather = ")
                .append(options.parallelWorkers())
                .append("` (one core per statement, so concurrency is what admission control moves)\n");
        md.append("- Data: ").append(datasetLine).append("\n");
        md.append("- Backfill: the newest ")
                .append(options.partitions())
                .append(
                        " daily partitions of `mart.daily_store_sales`, phases of 5 partitions, up to 4 phases in flight;"
                                + " transformation = per store and day: orders, distinct customers, revenue, and revenue and distinct active"
                                + " customers over the trailing ")
                .append(options.windowDays())
                .append(" days (reads ")
                .append(options.windowDays())
                .append(" days of facts per partition); gates: schema, unique key, null rate, row count vs target,"
                        + " timestamp bounds; PUBLISH. Real planner → executor → validator → publish over Kafka.\n");
        md.append("- Executors: one instance per scenario (so `static 1` is a pool of one for the whole warehouse),"
                + " instance cap 8, product defaults otherwise (adaptive: AIMD +1 / ×0.7, target 0.7, hard ceiling 0.9,"
                + " 1 s minimum start spacing, i.e. at most one partition start per second per executor); load sampler every 1 s (product default 5 s) from the canary's latency, "
                + "pg_stat_activity and lock waits; host CPU left out because this host is shared with other work"
                + " (builds and tests of other developers ran during the run), which is not warehouse load.\n");
        md.append("- Foreground: ")
                .append(options.clients())
                .append(" dashboard clients with ")
                .append(options.thinkMillis())
                .append(" ms think time (one day of facts by region, top categories of a day, a month of the mart);"
                        + " spike = ")
                .append(options.spikeClients())
                .append(" extra clients without think time from ")
                .append(options.spikeStart().toSeconds())
                .append(" s to ")
                .append(options.spikeStart().plus(options.spikeLength()).toSeconds())
                .append(" s. Latency by HdrHistogram in 2 s buckets. Baselines run ")
                .append(options.baselineLength().toSeconds())
                .append(" s. Ratios: whole run vs whole baseline; spike rows: the spike window vs the baseline's spike"
                        + " window.\n\n");
        md.append("## Scenarios\n\n").append(ResultsTable.scenarios(scenarios)).append("\n");
        md.append("![timeline](").append(pngName).append(")\n\n");
        md.append("## Targets (issue 8)\n\n")
                .append(ResultsTable.targets(targets()))
                .append("\n");
        md.append("## Coordinator figures\n\n")
                .append(ResultsTable.keyValues(figures()))
                .append("\n");
        md.append("## Reading the figures\n\n");
        md.append(
                "- Pressure includes everything else that loads the warehouse host; on a shared machine that other work"
                        + " shows in every series, baselines included, and adaptive reacts to it too.\n");
        md.append("- p95 per 2 s bucket rests on few queries (a dashboard client runs about one query a second), so the"
                + " plotted p95 is noisy; the table's percentiles cover whole windows.\n");
        md.append("- Raw series: `timeline.csv` (coordinator state every 0.5 s) and `latency.csv` (foreground"
                + " percentiles per bucket).\n");
        return md.toString();
    }

    private List<String[]> figures() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < planning.size(); i++) {
            PlannerScaleProbe.Result r = planning.get(i);
            rows.add(new String[] {
                "plan + release, run " + (i + 1) + (i == 0 ? " (cold)" : ""),
                String.format(
                        Locale.ROOT,
                        "%,d partitions → %,d phases, %,d partitions released in %d ms; heap kept %.1f MiB, allocated %.0f MiB",
                        r.partitions(),
                        r.phases(),
                        r.released(),
                        r.time().toMillis(),
                        r.retainedBytes() / 1048576.0,
                        r.allocatedBytes() / 1048576.0)
            });
        }
        List<Duration> dispatch = new ArrayList<>();
        scenarios.forEach(r -> dispatch.addAll(r.dispatch()));
        if (!dispatch.isEmpty()) {
            rows.add(new String[] {
                "dispatch latency, released → STARTED (all backfill scenarios; the tail is phases waiting behind a running phase on the same backfill-phases partition, which stays paused while its phase runs)",
                String.format(
                        Locale.ROOT,
                        "p50 %d ms, p99 %d ms over %d phase attempts",
                        Percentiles.of(dispatch, 50).toMillis(),
                        Percentiles.of(dispatch, 99).toMillis(),
                        dispatch.size())
            });
        }
        for (String label : List.of("none", "static 1", "adaptive")) {
            List<Duration> some = new ArrayList<>();
            scenarios.stream()
                    .filter(r -> r.scenario().strategyLabel().equals(label))
                    .forEach(r -> some.addAll(r.dispatch()));
            if (!some.isEmpty()) {
                rows.add(new String[] {
                    "dispatch latency, " + label,
                    String.format(
                            Locale.ROOT,
                            "p50 %d ms, p99 %d ms (%d)",
                            Percentiles.of(some, 50).toMillis(),
                            Percentiles.of(some, 99).toMillis(),
                            some.size())
                });
            }
        }
        if (reaction != null && !reaction.reactions().isEmpty()) {
            rows.add(new String[] {
                "reaction, load burst start → executor admits fewer partitions",
                String.format(
                        Locale.ROOT,
                        "p50 %d ms, p95 %d ms, max %d ms over %d trials (%d without reaction)",
                        Percentiles.of(reaction.reactions(), 50).toMillis(),
                        Percentiles.of(reaction.reactions(), 95).toMillis(),
                        Percentiles.of(reaction.reactions(), 100).toMillis(),
                        reaction.reactions().size(),
                        reaction.missed())
            });
        }
        rows.add(new String[] {
            "recovery, executor closed mid-phase → survivor STARTED the phase",
            recovery.map(r -> String.format(
                            Locale.ROOT,
                            "%d ms (close itself %d ms); resumed at partition %d of %d, backfill %s",
                            r.recovery().toMillis(),
                            r.closeTook().toMillis(),
                            r.resumedAt(),
                            r.phaseSize(),
                            r.completed() ? "completed" : "NOT completed"))
                    .orElse("not measured")
        });
        for (ScenarioResult r : scenarios) {
            if (r.failedQueries() > 0) {
                rows.add(new String[] {
                    "failed dashboard queries in " + r.scenario().name(), String.valueOf(r.failedQueries())
                });
            }
        }
        return rows;
    }
}
