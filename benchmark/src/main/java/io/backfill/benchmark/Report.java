package io.backfill.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.backfill.executor.domain.admission.AdmissionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Writes one run's results: {@code latest.md} (tables and every choice that shapes the figures),
 * {@code latest.json} (every scenario's figures, the frontier points and the targets as
 * {@code {id, goal, measured, met}}), one frontier plot per foreground profile, one timeline per block
 * (profile and repeat), and the raw series as CSV.
 */
final class Report {

    private final RunInfo info;
    private final SweepAnalysis analysis;
    private final List<Target> targets;

    Report(RunInfo info) {
        this.info = info;
        this.analysis = new SweepAnalysis(info.outcomes, info.options.profiles());
        this.targets = Targets.judge(info, analysis);
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String profile : analysis.profiles()) {
            if (!info.options.profile(profile).hasForeground()) {
                continue;
            }
            FrontierPlot.write(
                    dir.resolve("frontier-" + profile + ".png"),
                    "Static frontier, " + profile + " foreground: makespan against foreground p95 ratio (medians)",
                    analysis.frontier(profile),
                    extraPoints(profile),
                    OptionalDouble.of(info.options.targetRatio()));
        }
        for (String profile : analysis.profiles()) {
            for (int repeat = 1; repeat <= info.options.repeats(); repeat++) {
                int r = repeat;
                List<ScenarioOutcome> block = info.outcomes.stream()
                        .filter(o -> o.profile().equals(profile) && o.repeat() == r)
                        .toList();
                if (block.isEmpty()) {
                    continue;
                }
                TimelineChart.write(
                        dir.resolve("timeline-" + profile + "-r" + repeat + ".png"),
                        "Timeline, " + profile + " foreground, repeat " + repeat,
                        block,
                        analysis::baselineOf,
                        Optional.of(info.options.profile(profile)));
            }
        }
        writeCsv(dir);
        Files.writeString(dir.resolve("latest.md"), markdown());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(dir.resolve("latest.json").toFile(), jsonTree());
    }

    private List<Frontier.Point> extraPoints(String profile) {
        List<Frontier.Point> extra = new ArrayList<>();
        for (String label : List.of("none", "adaptive")) {
            analysis.row(profile, label)
                    .filter(r -> r.ratio().measured())
                    .ifPresent(r -> extra.add(new Frontier.Point(
                            label, r.ratio().median(), r.makespan().median())));
        }
        return extra;
    }

    String markdown() {
        BenchmarkOptions o = info.options;
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark v2 — latest results\n\n");
        md.append("Run ")
                .append(info.started)
                .append(" with `")
                .append(info.commandLine)
                .append("` in ");
        md.append(info.total.toSeconds())
                .append(" s in total")
                .append(o.quick() ? " (**--quick**: a smoke test, not figures to judge by)" : "")
                .append(".\n\n");
        md.append("## Targets\n\n| id | goal | measured | verdict |\n|---|---|---|---|\n");
        for (Target t : targets) {
            md.append("| ")
                    .append(t.id())
                    .append(" | ")
                    .append(t.goal())
                    .append(" | ")
                    .append(t.measured());
            md.append(" | ").append(t.verdict()).append(" |\n");
        }
        md.append("\nRatios are the foreground p95 latency during the backfill over the p95 of the baseline run beside"
                        + " it in the same block; medians over ")
                .append(o.repeats())
                .append(" repeat(s), ranges in" + " brackets.\n\n");
        for (String profile : analysis.profiles()) {
            profileSection(md, profile);
        }
        coordinatorSection(md);
        setupSection(md);
        return md.toString();
    }

    private void profileSection(StringBuilder md, String profile) {
        LoadProfile lp = info.options.profile(profile);
        md.append("## Profile ")
                .append(profile)
                .append("\n\n")
                .append(lp.describe())
                .append(".");
        if (lp.cycles()) {
            md.append(" Ratios and p95 count only queries meant to start in busy periods.");
        }
        md.append("\n\n");
        if (lp.hasForeground()) {
            Frontier f = analysis.frontier(profile);
            md.append("Frontier (efficient static points): ")
                    .append(
                            f.points().isEmpty()
                                    ? "none measured"
                                    : f.points().stream()
                                            .map(p -> String.format(
                                                    Locale.ROOT,
                                                    "%s %.2f× / %.1f s",
                                                    p.label(),
                                                    p.ratio(),
                                                    p.makespanSeconds()))
                                            .collect(Collectors.joining("; ")))
                    .append(". ");
            OptionalDouble at = f.bestMakespanAt(info.options.targetRatio());
            md.append(String.format(Locale.ROOT, "M*(%.2f) = ", info.options.targetRatio()))
                    .append(at.isPresent() ? String.format(Locale.ROOT, "%.1f s", at.getAsDouble()) : "not reachable")
                    .append(". ");
            analysis.row(profile, "adaptive").filter(r -> r.ratio().measured()).ifPresent(r -> {
                OptionalDouble score = f.score(r.ratio().median(), r.makespan().median());
                md.append(String.format(
                        Locale.ROOT,
                        "adaptive: %.2f× / %.1f s, score (makespan ÷ M*(its ratio)) %s.",
                        r.ratio().median(),
                        r.makespan().median(),
                        score.isPresent()
                                ? String.format(Locale.ROOT, "%.2f", score.getAsDouble())
                                : "undefined (gentler than every static point)"));
            });
            md.append("\n\n![frontier ")
                    .append(profile)
                    .append("](frontier-")
                    .append(profile)
                    .append(".png)\n\n");
        }
        md.append("| setting | runs | makespan s | p95 ratio | fg p95 ms | queries | ");
        for (String type : ForegroundQueries.MIX.types()) {
            md.append(type).append(" ratio | ");
        }
        md.append("statement s | pauses | CPU s warehouse / JVM / broker+registry |\n");
        md.append("|---|---:|---:|---:|---:|---:|");
        ForegroundQueries.MIX.types().forEach(t -> md.append("---:|"));
        md.append("---:|---:|---|\n");
        for (SweepAnalysis.Row r : analysis.rows()) {
            if (!r.profile().equals(profile)) {
                continue;
            }
            md.append("| ").append(r.label()).append(" | ").append(r.runs());
            if (r.completed() < r.runs() && r.strategy().isPresent()) {
                md.append(" (").append(r.completed()).append(" completed)");
            }
            md.append(" | ").append(r.strategy().isPresent() ? r.makespan().format("%.1f") : "(window)");
            md.append(" | ").append(r.ratio().format("%.2f×"));
            md.append(" | ").append(r.p95().format("%.1f"));
            md.append(" | ").append(r.samples().format("%.0f"));
            for (String type : ForegroundQueries.MIX.types()) {
                md.append(" | ").append(r.typeRatios().get(type).format("%.2f×"));
            }
            md.append(" | ").append(r.statementSeconds().format("%.1f"));
            md.append(" | ").append(r.pauses().format("%.0f"));
            md.append(" | ").append(cpu(r.cpu())).append(" |\n");
        }
        md.append("\nTimelines: ");
        for (int repeat = 1; repeat <= info.options.repeats(); repeat++) {
            md.append("[repeat ")
                    .append(repeat)
                    .append("](timeline-")
                    .append(profile)
                    .append("-r")
                    .append(repeat)
                    .append(".png) ");
        }
        md.append("\n\n");
    }

    private static String cpu(Map<String, Spread> cpu) {
        return String.join(
                " / ",
                List.of(CpuGroups.WAREHOUSE, CpuGroups.JVM, CpuGroups.BROKER).stream()
                        .map(g -> cpu.getOrDefault(g, Spread.NONE).format("%.1f"))
                        .toList());
    }

    private void coordinatorSection(StringBuilder md) {
        md.append("## Coordinator\n\n| probe | figure |\n|---|---|\n");
        for (OverheadProbe.Result r : info.overhead) {
            md.append(String.format(
                    Locale.ROOT,
                    "| overhead, %s | %d/%d tiny partitions published in %.1f s%s; statements %.2f s in all: %.1f ms"
                            + " per partition end to end beyond the SQL |\n",
                    r.strategy(),
                    r.published(),
                    r.partitions(),
                    r.seconds(),
                    r.completed() ? "" : " (NOT completed: time limit)",
                    r.statementSeconds(),
                    r.overheadMillisPerPartition()));
        }
        for (String strategy : List.of("none", "adaptive")) {
            List<Duration> d = Targets.freeCapacityDispatch(info, analysis, strategy);
            if (!d.isEmpty()) {
                md.append(String.format(
                        Locale.ROOT,
                        "| dispatch on the idle warehouse, %s | released → STARTED p50 %d ms, p99 %d ms, max %d ms"
                                + " over %d phase attempts |\n",
                        strategy,
                        Percentiles.of(d, 50).toMillis(),
                        Percentiles.of(d, 99).toMillis(),
                        Percentiles.of(d, 100).toMillis(),
                        d.size()));
            }
        }
        List<Duration> loaded = new ArrayList<>();
        info.outcomes.stream().filter(x -> !x.profile().equals("idle")).forEach(x -> loaded.addAll(x.dispatch()));
        if (!loaded.isEmpty()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| dispatch under foreground (every setting) | p50 %d ms, p99 %d ms over %d phase attempts |\n",
                    Percentiles.of(loaded, 50).toMillis(),
                    Percentiles.of(loaded, 99).toMillis(),
                    loaded.size()));
        }
        if (info.reaction != null) {
            md.append("| reaction trials | ")
                    .append(info.reaction.reactions().stream()
                            .map(d -> d.toMillis() + " ms")
                            .collect(Collectors.joining(", ")))
                    .append(info.reaction.missed() > 0 ? "; " + info.reaction.missed() + " not halved within 20 s" : "")
                    .append(String.format(
                            Locale.ROOT,
                            " (mean running partitions before each spike: %s) |\n",
                            info.reaction.levels().stream()
                                    .map(l -> String.format(Locale.ROOT, "%.2f", l))
                                    .collect(Collectors.joining(", "))));
        }
        if (info.planning != null) {
            md.append("| planning, ")
                    .append(info.planning.partitions())
                    .append(" hourly partitions (DRY_RUN) | ")
                    .append(info.planning
                            .time()
                            .map(t -> "planned status readable " + t.toMillis()
                                    + " ms after submission (" + info.planning.state() + ", summary "
                                    + info.planning.statusBytes() + " bytes, " + info.planning.phases()
                                    + " phase records, the largest " + info.planning.largestPhaseRecordBytes()
                                    + " bytes)")
                            .orElse("never readable: " + info.planning.state()))
                    .append(" |\n");
        }
        md.append("| CPU seconds, whole run | ")
                .append(info.totalCpu.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")))
                .append(" |\n\n");
    }

    private void setupSection(StringBuilder md) {
        BenchmarkOptions o = info.options;
        AdmissionConfig defaults = AdmissionConfig.defaults();
        md.append("## What shapes these figures\n\n");
        md.append("- Machine: ")
                .append(info.cores)
                .append(" cores, ")
                .append(Math.round(((com.sun.management.OperatingSystemMXBean)
                                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                                .getTotalMemorySize()
                        / (1024.0 * 1024 * 1024)))
                .append(" GiB RAM, Java ")
                .append(Runtime.version())
                .append(", ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append(".\n");
        md.append("- Isolation: ").append(info.isolation).append(".\n");
        md.append("- Warehouse: PostgreSQL ").append(info.serverVersion);
        if (!info.serverSettings.isEmpty()) {
            md.append(" with ").append(String.join(", ", info.serverSettings));
        }
        md.append(". No parallel query: one core per statement, so concurrency is what admission control moves."
                + " Autovacuum off: VACUUM ANALYZE runs after the load and before every scenario.\n");
        if (info.dataset != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "- Data: %,d fact rows over %d days (generated, indexed and vacuumed in %.1f s); the target"
                            + " `mart.daily_store_sales` (one row per store and day) is restored from a template,"
                            + " vacuumed, the facts read once into the cache and a CHECKPOINT taken before every"
                            + " scenario.\n",
                    info.dataset.rows(),
                    info.dataset.days(),
                    info.datasetTimings.total().toMillis() / 1000.0));
        }
        md.append(String.format(
                Locale.ROOT,
                "- Backfill: the newest %d daily partitions, transformation reading a trailing %d days per partition;"
                        + " phases of 5 partitions, up to 4 in flight; gates on the staged rows; PUBLISH. Real planner →"
                        + " executor → validator → publish over Kafka; one executor instance per scenario (a static"
                        + " budget is the whole warehouse's); time limit %d s.\n",
                o.partitions(),
                o.windowDays(),
                o.timeLimit().toSeconds()));
        md.append(String.format(
                Locale.ROOT,
                "- Foreground: open loop (Poisson arrivals, whatever the latency), %d connections, latency from the"
                        + " intended start (queueing counts: coordinated omission corrected); mix %s; queries read only"
                        + " the facts and dimensions, never the table the backfill publishes into. Baselines run %d s"
                        + " beside each block.\n",
                o.foregroundWorkers(),
                mix(),
                o.baselineLength().toSeconds()));
        md.append(String.format(
                Locale.ROOT,
                "- Executors: the product's defaults (strategy adaptive: its share of the sampler's warehouse"
                        + " budget, instance cap %d, max sample age %d s, no start spacing); the only override is the"
                        + " setting under test (`none`, or `static` with its budget in statement-seconds per second).\n",
                defaults.instanceCap(),
                defaults.maxSampleAge().toSeconds()));
        md.append("- Load sampler: every ")
                .append(ContentionBenchmark.SAMPLER_INTERVAL.toMillis())
                .append(" ms with four canaries per sample (product default), canary `")
                .append(info.canary)
                .append("`, host CPU off (the coordinator's cores are not the warehouse's).\n");
        md.append("- Order: per repeat the profiles in random order, per profile the baseline first and then every"
                        + " setting in random order (seed ")
                .append(o.seed())
                .append(").\n");
        md.append("- Coordinator overhead: ")
                .append(o.overheadPartitions())
                .append(" tiny daily partitions per setting on the idle warehouse, a few ms of SQL each; the figure is"
                        + " end-to-end seconds per partition minus statement seconds per partition, gates and publish"
                        + " included.\n");
        md.append("- Reaction: 4 clients of full-table aggregates start at a known instant against a running adaptive"
                + " backfill (the sweep's partitions with a trailing window of " + info.reactionWindowDays
                + " days, so each runs longer); reaction = until the mean running partitions over the last second"
                + " are at most half of the 3 s before, with the admitted budget lowered.\n");
        md.append("- Raw series: `scenarios.csv` (one row per scenario), `ticks.csv` (coordinator state every 250 ms),"
                + " `foreground.csv` (per scenario and second: queries, p50, p95, max).\n");
    }

    private static String mix() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < ForegroundQueries.MIX.types().size(); i++) {
            parts.add(String.format(
                    Locale.ROOT,
                    "%s %.0f%%",
                    ForegroundQueries.MIX.types().get(i),
                    ForegroundQueries.MIX.weights().get(i) * 100));
        }
        return String.join(", ", parts);
    }

    private Map<String, Object> jsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", info.started.toString());
        root.put("commandLine", info.commandLine);
        root.put("totalSeconds", info.total.toSeconds());
        root.put("quick", info.options.quick());
        root.put("repeats", info.options.repeats());
        root.put("cores", info.cores);
        root.put("isolation", info.isolation);
        root.put("postgres", info.serverVersion);
        root.put("serverSettings", info.serverSettings);
        root.put("targetRatio", info.options.targetRatio());
        root.put(
                "targets",
                targets.stream()
                        .map(t -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", t.id());
                            m.put("goal", t.goal());
                            m.put("measured", t.measured());
                            m.put("met", t.met().orElse(null));
                            return m;
                        })
                        .toList());
        Map<String, Object> frontiers = new LinkedHashMap<>();
        for (String profile : analysis.profiles()) {
            Frontier f = analysis.frontier(profile);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("efficient", f.points());
            m.put("dominated", f.dominated());
            OptionalDouble at = f.bestMakespanAt(info.options.targetRatio());
            m.put("bestMakespanAtTarget", at.isPresent() ? at.getAsDouble() : null);
            analysis.row(profile, "adaptive").filter(r -> r.ratio().measured()).ifPresent(r -> {
                OptionalDouble score = f.score(r.ratio().median(), r.makespan().median());
                m.put("adaptiveScore", score.isPresent() ? score.getAsDouble() : null);
            });
            frontiers.put(profile, m);
        }
        root.put("frontiers", frontiers);
        root.put("rows", analysis.rows().stream().map(Report::rowJson).toList());
        root.put("scenarios", info.outcomes.stream().map(this::scenarioJson).toList());
        root.put(
                "overhead",
                info.overhead.stream()
                        .map(r -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("setting", r.strategy());
                            m.put("partitions", r.partitions());
                            m.put("published", r.published());
                            m.put("completed", r.completed());
                            m.put("seconds", r.seconds());
                            m.put("statementSeconds", r.statementSeconds());
                            m.put("overheadMillisPerPartition", finite(r.overheadMillisPerPartition()));
                            m.put(
                                    "dispatchMillis",
                                    r.dispatch().stream()
                                            .map(Duration::toMillis)
                                            .toList());
                            return m;
                        })
                        .toList());
        if (info.reaction != null) {
            root.put(
                    "reactionMillis",
                    info.reaction.reactions().stream().map(Duration::toMillis).toList());
            root.put("reactionMissed", info.reaction.missed());
        }
        if (info.planning != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("partitions", info.planning.partitions());
            p.put("millis", info.planning.time().map(Duration::toMillis).orElse(null));
            p.put("state", info.planning.state());
            p.put("statusBytes", info.planning.statusBytes());
            p.put("phaseRecords", info.planning.phases());
            p.put("largestPhaseRecordBytes", info.planning.largestPhaseRecordBytes());
            root.put("planning", p);
        }
        root.put("cpuSecondsTotal", info.totalCpu);
        return root;
    }

    private static Map<String, Object> rowJson(SweepAnalysis.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", r.profile());
        m.put("setting", r.label());
        m.put("runs", r.runs());
        m.put("completed", r.completed());
        m.put("ratio", spread(r.ratio()));
        m.put("makespanSeconds", spread(r.makespan()));
        m.put("p95Millis", spread(r.p95()));
        m.put("queries", spread(r.samples()));
        Map<String, Object> types = new LinkedHashMap<>();
        r.typeRatios().forEach((k, v) -> types.put(k, spread(v)));
        m.put("typeRatios", types);
        m.put("statementSeconds", spread(r.statementSeconds()));
        m.put("pauses", spread(r.pauses()));
        Map<String, Object> cpu = new LinkedHashMap<>();
        r.cpu().forEach((k, v) -> cpu.put(k, spread(v)));
        m.put("cpuSeconds", cpu);
        return m;
    }

    private static Map<String, Object> spread(Spread s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", finite(s.median()));
        m.put("min", finite(s.min()));
        m.put("max", finite(s.max()));
        m.put("n", s.n());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private Map<String, Object> scenarioJson(ScenarioOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("profile", o.profile());
        m.put("setting", o.label());
        m.put("repeat", o.repeat());
        m.put("order", o.order());
        m.put("completed", o.completed());
        m.put("windowSeconds", o.windowSeconds());
        m.put("partitions", o.partitions());
        m.put("published", o.published());
        m.put("statementSeconds", o.statementSeconds());
        m.put("pauses", o.pauses());
        ForegroundSamples.Stats s = ForegroundSamples.stats(o.samples(), SweepAnalysis.counted(o.profile()));
        m.put("queries", s.count());
        m.put("p50Millis", finite(s.p50()));
        m.put("p95Millis", finite(s.p95()));
        m.put("p99Millis", finite(s.p99()));
        m.put("ratio", finite(analysis.ratio(o)));
        m.put("foregroundFailures", o.foregroundFailures());
        m.put("dispatchMillis", o.dispatch().stream().map(Duration::toMillis).toList());
        m.put("cpuSeconds", o.cpuSeconds());
        return m;
    }

    private void writeCsv(Path dir) throws IOException {
        StringBuilder scenarios = new StringBuilder(
                "id,profile,setting,repeat,order,completed,window_s,published,statement_s,pauses,queries,p95_ms,ratio\n");
        StringBuilder ticks = new StringBuilder("id,t_s,pressure,admitted_budget,running,staged,published\n");
        StringBuilder foreground = new StringBuilder("id,second,queries,p50_ms,p95_ms,max_ms\n");
        for (ScenarioOutcome o : info.outcomes) {
            ForegroundSamples.Stats s = ForegroundSamples.stats(o.samples(), SweepAnalysis.counted(o.profile()));
            scenarios.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%s,%d,%d,%b,%.3f,%d,%.3f,%d,%d,%.3f,%.4f%n",
                    o.id(),
                    o.profile(),
                    o.label(),
                    o.repeat(),
                    o.order(),
                    o.completed(),
                    o.windowSeconds(),
                    o.published(),
                    o.statementSeconds(),
                    o.pauses(),
                    s.count(),
                    s.p95(),
                    analysis.ratio(o)));
            for (Tick t : o.ticks()) {
                ticks.append(String.format(
                        Locale.ROOT,
                        "%s,%.2f,%.3f,%.3f,%d,%d,%d%n",
                        o.id(),
                        t.seconds(),
                        t.pressure(),
                        t.admittedBudget(),
                        t.running(),
                        t.staged(),
                        t.published()));
            }
            Map<Long, List<ForegroundSamples.Sample>> bySecond =
                    o.samples().stream().collect(Collectors.groupingBy(x -> x.intendedNanos() / 1_000_000_000L));
            bySecond.keySet().stream().sorted().forEach(second -> {
                List<ForegroundSamples.Sample> bucket = bySecond.get(second);
                ForegroundSamples.Stats b = ForegroundSamples.stats(bucket);
                long max = bucket.stream()
                        .mapToLong(ForegroundSamples.Sample::latencyMicros)
                        .max()
                        .orElse(0);
                foreground.append(String.format(
                        Locale.ROOT,
                        "%s,%d,%d,%.3f,%.3f,%.3f%n",
                        o.id(),
                        second,
                        b.count(),
                        b.p50(),
                        b.p95(),
                        max / 1000.0));
            });
        }
        Files.writeString(dir.resolve("scenarios.csv"), scenarios);
        Files.writeString(dir.resolve("ticks.csv"), ticks);
        Files.writeString(dir.resolve("foreground.csv"), foreground);
    }
}
