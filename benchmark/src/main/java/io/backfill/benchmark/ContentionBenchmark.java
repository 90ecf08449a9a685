package io.backfill.benchmark;

import io.backfill.executor.domain.admission.AdmissionStrategy;
import io.backfill.warehouse.ConnectionSource;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The whole benchmark, in order: an isolated PostgreSQL database with the generated data; the
 * planner-at-scale probe (before anything else loads the machine); the coordinator stack; the
 * dashboards; the eight scenarios (baseline, none, static 1, adaptive; then the same with a spike);
 * the reaction and recovery probes; the report. Every choice that shapes the figures is printed with
 * them.
 */
final class ContentionBenchmark {

    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final BenchmarkOptions options;
    private final PrintStream out;

    private final String commandLine;

    ContentionBenchmark(BenchmarkOptions options, String commandLine, PrintStream out) {
        this.options = options;
        this.commandLine = commandLine;
        this.out = out;
    }

    int run() throws Exception {
        Instant started = Instant.now();
        long startedNanos = System.nanoTime();
        BenchmarkReport report = new BenchmarkReport(options, started, commandLine);
        String dbName = "backfill_bench_" + Long.toString(started.getEpochSecond(), 36);
        out.println("Contention benchmark — " + Runtime.getRuntime().availableProcessors() + " cores, "
                + totalMemoryGib() + " GiB RAM");
        try (BenchDatabase db = BenchDatabase.create(
                options.serverUrl(), options.user(), options.password(), dbName, options.keepDatabase())) {
            ConnectionSource connections = db.connections();
            report.machine(Runtime.getRuntime().availableProcessors(), totalMemoryGib(), db.serverVersion());
            try (Connection c = connections.open();
                    Statement s = c.createStatement()) {
                // A number we format ourselves.
                s.execute("ALTER DATABASE " + db.name() + " SET max_parallel_workers_per_gather = "
                        + options.parallelWorkers());
            }
            out.println("PostgreSQL " + db.serverVersion() + ", database " + db.name());

            LocalDate firstDay = LocalDate.of(2026, 1, 1);
            FactDataset dataset = new FactDataset(firstDay, options.days(), options.rows());
            out.print("Generating " + options.rows() + " fact rows over " + options.days() + " days... ");
            out.flush();
            FactDataset.Timings timings = dataset.create(connections);
            out.printf(
                    "facts %.1f s, BRIN index + analyze %.1f s, aggregate table %.1f s%n",
                    timings.facts().toMillis() / 1000.0,
                    timings.index().toMillis() / 1000.0,
                    timings.aggregate().toMillis() / 1000.0);
            report.dataset(dataset, timings);

            out.println(
                    "Planning probe: " + options.plannerPartitions() + " hourly partitions, planner domain only...");
            List<PlannerScaleProbe.Result> planning = PlannerScaleProbe.measure(options.plannerPartitions(), 5);
            planning.forEach(r -> out.printf(
                    "    %d partitions -> %d phases, %d partitions released in %d ms; heap kept %.1f MiB, allocated %.1f MiB%n",
                    r.partitions(),
                    r.phases(),
                    r.released(),
                    r.time().toMillis(),
                    r.retainedBytes() / 1048576.0,
                    r.allocatedBytes() / 1048576.0));
            report.planning(planning);

            out.print("Starting Kafka, schema registry, planner, validator, load sampler... ");
            out.flush();
            Path dataDir = options.dataDir();
            wipe(dataDir);
            LocalDate lastDay = dataset.endDay().minusDays(1);
            String canary =
                    "SELECT COUNT(*), SUM(amount_cents) FROM bench.sales WHERE sale_date = DATE '" + lastDay + "'";
            long stackStarted = System.nanoTime();
            try (BenchStack stack = new BenchStack(dataDir, connections, Duration.ofSeconds(1), canary);
                    Dashboards dashboards =
                            new Dashboards(connections, lastDay, 30, options.clients(), options.thinkMillis())) {
                out.printf("ready in %.1f s%n", (System.nanoTime() - stackStarted) / 1e9);
                out.println("Dashboards: " + options.clients() + " clients, think time " + options.thinkMillis()
                        + " ms; warming up 15 s (canary baseline, caches)");
                TimeUnit.SECONDS.sleep(15);

                LocalDate end = dataset.endDay();
                LocalDate first = end.minusDays(options.partitions());
                ScenarioRunner runner = new ScenarioRunner(
                        stack,
                        dashboards,
                        new ScenarioRunner.Settings(
                                first,
                                end,
                                options.windowDays(),
                                options.baselineLength(),
                                options.spikeStart(),
                                options.spikeLength(),
                                options.spikeClients(),
                                options.timeLimit(),
                                2_000),
                        out);
                List<ScenarioResult> results = new ArrayList<>();
                for (Scenario scenario : scenarios()) {
                    out.println("Scenario " + scenario.name() + " (" + scenario.strategyLabel()
                            + (scenario.spike() ? ", foreground spike" : "") + ")");
                    ScenarioResult result = runner.run(scenario);
                    results.add(result);
                    out.printf(
                            "    done: %s, fg p95 %s p99 %s (%d queries, %d failed), pauses %d%n",
                            scenario.baseline()
                                    ? "baseline " + result.makespan().toSeconds() + " s"
                                    : "makespan "
                                            + ResultsTable.seconds(
                                                    result.makespan().toMillis())
                                            + (result.completed() ? "" : " (NOT completed)") + ", "
                                            + result.published() + "/" + result.partitions() + " published",
                            ResultsTable.millis(result.p95Millis()),
                            ResultsTable.millis(result.p99Millis()),
                            result.queries(),
                            result.failedQueries(),
                            result.pauses());
                    TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
                }
                report.scenarios(results);

                out.println("Reaction probe: " + options.reactionTrials() + " pressure spikes against an idle adaptive"
                        + " executor (sampler every " + stack.samplerInterval().toMillis() + " ms)");
                ReactionProbe.Result reaction =
                        ReactionProbe.measure(stack, connections, options.reactionTrials(), 4, 3, out);
                report.reaction(reaction);

                out.println("Recovery probe: two executors, one closed abruptly in the middle of a phase");
                LocalDate recoveryFirst = end.minusDays(Math.min(20, options.partitions()));
                Optional<RecoveryProbe.Result> recovery =
                        RecoveryProbe.measure(stack, recoveryFirst, end, options.windowDays(), out);
                recovery.ifPresent(r -> out.printf(
                        "    %s resumed by the survivor %d ms after the close, at partition %d of %d; backfill %s%n",
                        r.phaseId(),
                        r.recovery().toMillis(),
                        r.resumedAt(),
                        r.phaseSize(),
                        r.completed() ? "completed" : "NOT completed"));
                report.recovery(recovery);
            }
        }
        Duration total = Duration.ofNanos(System.nanoTime() - startedNanos);
        report.total(total);
        Path markdown = options.outDir().resolve("latest.md");
        Path png = options.outDir().resolve("timeline.png");
        report.writePlot(png);
        report.writeSeries(
                options.outDir().resolve("timeline.csv"), options.outDir().resolve("latency.csv"));
        String text = report.markdown(png.getFileName().toString());
        Files.createDirectories(options.outDir());
        Files.writeString(markdown, text);
        out.println();
        out.println(text);
        out.println("Written " + markdown + ", " + png + " and the series (timeline.csv, latency.csv) in "
                + options.outDir() + "; whole run " + total.toSeconds() + " s");
        return 0;
    }

    static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        for (boolean spike : new boolean[] {false, true}) {
            String suffix = spike ? "-spike" : "";
            all.add(new Scenario("baseline" + suffix, Optional.empty(), 1, spike));
            all.add(new Scenario("none" + suffix, Optional.of(AdmissionStrategy.NONE), 1, spike));
            all.add(new Scenario("static1" + suffix, Optional.of(AdmissionStrategy.STATIC), 1, spike));
            all.add(new Scenario("adaptive" + suffix, Optional.of(AdmissionStrategy.ADAPTIVE), 1, spike));
        }
        return all;
    }

    private static long totalMemoryGib() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }

    private static void wipe(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
