package io.backfill.benchmark;

import io.backfill.executor.sampler.LoadSamplerSettings;
import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.postgres.PostgresConnections;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark v2, in order: an isolated warehouse (a PostgreSQL cluster of its own on its own cores, or
 * a server given by URL); the data, vacuumed, with a template of the target; the coordinator stack with
 * the product's defaults; the sweep (per repeat, the profiles in random order; per profile a baseline
 * and then none, every static budget and adaptive in random order, each from an equal start); the
 * coordinator-overhead, reaction and planning probes; the analysis (ratios against each block's
 * baseline, medians over repeats, the static frontier, the targets) and the report. Every choice that
 * shapes the figures is written next to them.
 */
final class ContentionBenchmark {

    /** The load sampler's period: the product default ({@code backfill.sampler.interval}). */
    static final Duration SAMPLER_INTERVAL = LoadSamplerSettings.DEFAULT_INTERVAL;

    /**
     * How long a coordinator-overhead run may take: enough for 500 tiny partitions at the coordinator's own
     * pace, and enough to show a pace of one partition a second, without spending minutes on it.
     */
    static final Duration OVERHEAD_LIMIT = Duration.ofSeconds(90);

    /** How long the planning probe waits for the planned status (its target is 5 s). */
    static final Duration PLANNING_LIMIT = Duration.ofSeconds(30);

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
        RunInfo info = new RunInfo(options, commandLine, started);
        int cores = Runtime.getRuntime().availableProcessors();
        info.cores = cores;
        out.println("Benchmark v2 — " + cores + " cores, " + totalMemoryGib() + " GiB RAM");
        Path dataDir = options.dataDir().toAbsolutePath();
        wipe(dataDir);
        Optional<WarehouseCluster> cluster = Optional.empty();
        try {
            String serverUrl;
            if (options.externalServer().isPresent()) {
                serverUrl = options.externalServer().get();
                info.isolation = "none: the server at " + serverUrl + " shares the host's cores with everything else";
            } else {
                String warehouseCores = options.warehouseCores().orElse(CoreSplit.warehouse(cores));
                String coordinatorCores = options.coordinatorCores().orElse(CoreSplit.coordinator(cores));
                CoreSplit.pinThisProcess(coordinatorCores);
                out.print("Starting a PostgreSQL cluster of the benchmark's own on core(s) " + warehouseCores + "... ");
                out.flush();
                cluster = Optional.of(WarehouseCluster.start(dataDir, warehouseCores));
                serverUrl = cluster.get().serverUrl();
                out.println(serverUrl);
                info.isolation =
                        "PostgreSQL cluster of the benchmark's own (initdb, " + WarehouseCluster.locateBinaries()
                                + ") pinned to core(s) " + warehouseCores
                                + "; the benchmark JVM (planner, executors, validator,"
                                + " load sampler, foreground load generator), the Kafka broker and the registry pinned to core(s) "
                                + coordinatorCores;
                info.serverSettings = WarehouseCluster.SETTINGS;
            }
            OptionalLong postmaster =
                    cluster.isPresent() ? OptionalLong.of(cluster.get().postmasterPid()) : OptionalLong.empty();
            runOn(serverUrl, new CpuGroups(postmaster), info);
        } finally {
            if (cluster.isPresent()) {
                cluster.get().close();
            }
        }
        info.total = Duration.ofNanos(System.nanoTime() - startedNanos);
        Files.createDirectories(options.outDir());
        Report report = new Report(info);
        report.write(options.outDir());
        out.println();
        out.println(report.markdown());
        out.println("Written " + options.outDir().resolve("latest.md") + ", latest.json, the plots and the CSV series;"
                + " whole run " + info.total.toSeconds() + " s");
        return 0;
    }

    private void runOn(String serverUrl, CpuGroups cpu, RunInfo info) throws Exception {
        String dbName = "backfill_bench_" + Long.toString(info.started.getEpochSecond(), 36);
        try (BenchDatabase db = BenchDatabase.create(serverUrl, options.user(), options.password(), dbName, false)) {
            ConnectionSource connections = db.connections();
            info.serverVersion = db.serverVersion();
            out.println("PostgreSQL " + info.serverVersion + ", database " + db.name());

            LocalDate firstDay = LocalDate.of(2026, 1, 1);
            FactDataset dataset = new FactDataset(firstDay, options.days(), options.rows());
            out.print("Generating " + options.rows() + " fact rows over " + options.days() + " days... ");
            out.flush();
            info.dataset = dataset;
            info.datasetTimings = dataset.create(connections);
            ProbeTables.create(connections, options.overheadPartitions() * 2);
            out.printf("done in %.1f s%n", info.datasetTimings.total().toMillis() / 1000.0);

            LocalDate lastDay = dataset.endDay().minusDays(1);
            String canary =
                    "SELECT COUNT(*), SUM(amount_cents) FROM bench.sales WHERE sale_date = DATE '" + lastDay + "'";
            info.canary = canary;
            out.print("Starting Kafka, schema registry, planner, validator, load sampler... ");
            out.flush();
            long stackStarted = System.nanoTime();
            ConnectionSource foregroundConnections = new PostgresConnections(
                    db.url() + "?ApplicationName=benchmark-foreground", options.user(), options.password());
            // The benchmark's own restores, vacuums and checkpoints are neither users' queries nor the
            // coordinator's: tagged apart, the controller does not count them as backfill work.
            ConnectionSource setupConnections = new PostgresConnections(
                    db.url() + "?ApplicationName=benchmark-setup", options.user(), options.password());
            try (BenchStack stack =
                            new BenchStack(options.dataDir().resolve("kafka"), connections, SAMPLER_INTERVAL, canary);
                    ForegroundQueries queries = new ForegroundQueries(
                            foregroundConnections, lastDay, options.partitions(), options.foregroundWorkers())) {
                out.printf("ready in %.1f s%n", (System.nanoTime() - stackStarted) / 1e9);
                warmUp(queries);

                LocalDate end = dataset.endDay();
                LocalDate first = end.minusDays(options.partitions());
                ScenarioRunner runner = new ScenarioRunner(
                        stack,
                        setupConnections,
                        queries,
                        cpu,
                        new ScenarioRunner.Settings(
                                first,
                                end,
                                options.windowDays(),
                                options.baselineLength(),
                                options.timeLimit(),
                                options.foregroundWorkers()),
                        out);
                info.outcomes.addAll(sweep(runner));

                out.println("Coordinator overhead: " + options.overheadPartitions()
                        + " tiny partitions on the idle warehouse");
                LocalDate tinyFirst = ProbeTables.TINY_FIRST_DAY;
                for (Strategy s : List.of(Strategy.none(), Strategy.adaptive())) {
                    LocalDate days = tinyFirst;
                    OverheadProbe.Result r = probe(
                            "overhead " + s.label(),
                            () -> OverheadProbe.measure(
                                    stack, s, days, options.overheadPartitions(), OVERHEAD_LIMIT, out));
                    tinyFirst = tinyFirst.plusDays(options.overheadPartitions());
                    if (r == null) {
                        continue;
                    }
                    out.printf(
                            "    %s: %d/%d published in %.1f s, statements %.1f s: %.1f ms per partition%n",
                            r.strategy(),
                            r.published(),
                            r.partitions(),
                            r.seconds(),
                            r.statementSeconds(),
                            r.overheadMillisPerPartition());
                    info.overhead.add(r);
                }

                out.println("Reaction probe: " + options.reactionTrials() + " foreground spikes against a running"
                        + " adaptive backfill (sampler every " + SAMPLER_INTERVAL.toMillis() + " ms)");
                // Longer partitions than the sweep's (three times the trailing window), so there is running work to
                // halve even under a controller that starts one partition a second.
                int reactionWindow = Math.min(options.windowDays() * 3, options.days() - options.partitions() + 1);
                info.reactionWindowDays = reactionWindow;
                info.reaction = probe(
                        "reaction",
                        () -> ReactionProbe.measure(
                                stack, setupConnections, first, end, reactionWindow, options.reactionTrials(), 4, out));

                out.println("Planning probe: a DRY_RUN of " + options.plannerPartitions()
                        + " hourly partitions through the real planner");
                info.planning = probe(
                        "planning", () -> PlanningProbe.measure(stack, options.plannerPartitions(), PLANNING_LIMIT));
                if (info.planning != null) {
                    out.println("    "
                            + info.planning
                                    .time()
                                    .map(t -> "planned status readable after " + t.toMillis() + " ms (summary "
                                            + info.planning.statusBytes() + " bytes, "
                                            + info.planning.phases() + " phase records, the largest "
                                            + info.planning.largestPhaseRecordBytes() + " bytes)")
                                    .orElse("NOT readable: " + info.planning.state()));
                }
                cpu.seconds().forEach((group, seconds) -> info.totalCpu.put(group, seconds));
            }
        }
    }

    @FunctionalInterface
    private interface Probe<T> {
        T run() throws Exception;
    }

    /** A probe that fails is reported as not measured; the sweep's figures still get written. */
    private <T> T probe(String name, Probe<T> probe) {
        try {
            return probe.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the " + name + " probe", e);
        } catch (Exception e) {
            out.println("    the " + name + " probe failed: " + e);
            return null;
        }
    }

    /** Runs the foreground alone for a while: caches, JIT, connections and the sampler's canary baseline. */
    private void warmUp(ForegroundQueries queries) throws InterruptedException {
        out.println("Warming up 15 s (foreground alone: caches, JIT, the sampler's canary baseline)");
        try (OpenLoopLoad load = OpenLoopLoad.start(
                LoadProfile.steady(options.steadyRate()),
                ForegroundQueries.MIX,
                queries,
                options.foregroundWorkers(),
                options.seed())) {
            TimeUnit.SECONDS.sleep(15);
        }
    }

    private List<ScenarioOutcome> sweep(ScenarioRunner runner) throws Exception {
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        Random order = new Random(options.seed());
        List<Strategy> settings = new ArrayList<>();
        settings.add(Strategy.none());
        options.budgets().forEach(b -> settings.add(Strategy.fixed(b)));
        settings.add(Strategy.adaptive());
        int n = 0;
        for (int repeat = 1; repeat <= options.repeats(); repeat++) {
            List<String> profiles = new ArrayList<>(options.profiles());
            Collections.shuffle(profiles, order);
            for (String profileName : profiles) {
                LoadProfile profile = options.profile(profileName);
                List<Optional<Strategy>> block = new ArrayList<>();
                List<Strategy> shuffled = new ArrayList<>(settings);
                Collections.shuffle(shuffled, order);
                if (profile.hasForeground()) {
                    block.add(Optional.empty());
                }
                shuffled.forEach(s -> block.add(Optional.of(s)));
                out.println("Repeat " + repeat + ", " + profile.describe());
                for (Optional<Strategy> strategy : block) {
                    n++;
                    out.println("  " + strategy.map(Strategy::label).orElse("baseline"));
                    ScenarioOutcome o = runner.run(profile, strategy, repeat, n, order.nextLong());
                    outcomes.add(o);
                    ForegroundSamples.Stats fg =
                            ForegroundSamples.stats(o.samples(), SweepAnalysis.counted(o.profile()));
                    out.printf(
                            "    %s %.1f s%s, foreground p95 %.1f ms over %d queries (%d failed)%n",
                            o.baseline() ? "window" : "makespan",
                            o.windowSeconds(),
                            o.baseline() || o.completed() ? "" : " (NOT completed)",
                            fg.p95(),
                            fg.count(),
                            o.foregroundFailures());
                }
            }
        }
        return outcomes;
    }

    private static long totalMemoryGib() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
