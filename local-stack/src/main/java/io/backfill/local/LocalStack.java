package io.backfill.local;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.CheckStatus;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.LoadSample;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.load.LoadCapacity;
import io.backfill.executor.messaging.ConsumerTuning;
import io.backfill.executor.messaging.ExecutorNode;
import io.backfill.executor.messaging.ExecutorSettings;
import io.backfill.executor.sampler.LoadSampler;
import io.backfill.executor.sampler.LoadSamplerSettings;
import io.backfill.infra.kafka.KafkaServerProcess;
import io.backfill.infra.registry.ApicurioDistribution;
import io.backfill.infra.registry.ApicurioRegistryProcess;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicReplay;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.projection.LoadBreachWatch;
import io.backfill.planner.load.LoadTimeline;
import io.backfill.planner.load.WarehouseLoadFeed;
import io.backfill.planner.messaging.PlannerNode;
import io.backfill.planner.metrics.PlannerMetrics;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.validator.messaging.ValidatorNode;
import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseSettings;
import io.backfill.warehouse.duckdb.DuckDbConnections;
import io.backfill.warehouse.duckdb.DuckDbDialect;
import io.backfill.warehouse.postgres.PostgresConnections;
import io.backfill.warehouse.postgres.PostgresDialect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole coordinator on one machine, for trying it and for demos: Kafka and the schema registry as
 * child processes; planner, validator, executors and the load sampler as plain-Java nodes in this JVM
 * sharing one warehouse. Sharing is what embedded DuckDB needs (one process may own a database file);
 * in production each runs as its own service (see deploy/ and the README).
 */
public final class LocalStack implements AutoCloseable {

    static final String WAREHOUSE_ID = "local";
    private static final Set<BackfillState> FINAL = Set.of(
            BackfillState.COMPLETED,
            BackfillState.FAILED,
            BackfillState.CANCELLED,
            BackfillState.REJECTED,
            BackfillState.ROLLED_BACK);

    private final LocalStackOptions options;
    private final PrintStream out;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, BackfillStatus> statuses = new ConcurrentHashMap<>();
    private final List<PhaseProgress> progress = new CopyOnWriteArrayList<>();
    private final List<GateDecision> decisions = new CopyOnWriteArrayList<>();
    private final AtomicReference<LoadSample> load = new AtomicReference<>();

    LocalStack(LocalStackOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Starts everything, runs the sample backfill to its end, prints the summary; returns the exit code. */
    int run() throws Exception {
        Instant started = Instant.now();
        Path data = options.dataDir();
        wipe(data);

        step("Kafka broker (KRaft) ");
        KafkaServerProcess kafkaServer =
                closeLater(KafkaServerProcess.start(data.resolve("kafka"), options.kafkaPort()));
        out.println(kafkaServer.bootstrapServers());

        step("Schema registry (Apicurio) ");
        ApicurioRegistryProcess registry = closeLater(ApicurioRegistryProcess.start(ApicurioDistribution.locate()));
        out.println(registry.baseUrl());

        KafkaSettings kafka = new KafkaSettings(
                kafkaServer.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "local");
        try (Admin admin = Admin.create(kafka.baseProperties("admin"))) {
            new TopicProvisioner(admin, (short) 1).createMissing();
        }

        step("Warehouse ");
        // Closed by the warehouse that wraps it.
        ConnectionSource connections = openConnections(data);
        SampleDataset dataset = new SampleDataset(LocalDate.of(2026, 1, 1), options.days(), options.ordersPerDay(), 20);
        dataset.create(connections);
        Warehouse warehouse = closeLater(new Warehouse(
                connections,
                options.postgres() ? new PostgresDialect() : new DuckDbDialect(),
                WarehouseSettings.of("backfill_control", Set.of(SampleDataset.TARGET_SCHEMA, "raw"))
                        .withStatementTimeout(Duration.ofMinutes(2))));
        out.println((options.postgres() ? options.warehouseUrl() : "DuckDB " + data.resolve("warehouse.duckdb")) + " — "
                + dataset.orders() + " orders over " + options.days() + " days");
        ForegroundLoad dashboards = closeLater(new ForegroundLoad(connections, 3));

        step("Services ");
        EventPublisher publisher = closeLater(new EventPublisher(kafka));
        closeLater(startSampler(warehouse, publisher));
        ValidatorNode validator =
                closeLater(new ValidatorNode(kafka, warehouse, WAREHOUSE_ID, "validator", clock, d -> {}));
        validator.start();
        for (int i = 1; i <= options.executors(); i++) {
            ExecutorNode executor = closeLater(new ExecutorNode(
                    new ExecutorSettings(
                            "executor-" + i,
                            "executors",
                            WAREHOUSE_ID,
                            AdmissionConfig.defaults(),
                            ConsumerTuning.DEFAULTS),
                    kafka,
                    warehouse,
                    meters,
                    clock));
            executor.start();
        }
        PlannerNode planner = closeLater(new PlannerNode(
                kafka,
                new RequestIntake(warehouse, new RequestIntake.Settings(Duration.ofSeconds(3), 1, 10, 50_000, 1_000)),
                new PlannerNode.Settings(
                        "planner",
                        WAREHOUSE_ID,
                        Duration.ofMillis(500),
                        new Planner.Settings(6, Duration.ofMinutes(1), Duration.ofMinutes(5))),
                clock,
                new PlannerMetrics(meters)));
        // The planner's load picture, as the planner service has it: statuses carry the sampler's latest
        // pressure and budget, and a sustained breach raises LOAD_BREACH (the service's defaults).
        LoadTimeline load = new LoadTimeline(Duration.ofMinutes(10), 2_000);
        closeLater(new WarehouseLoadFeed(kafka, WAREHOUSE_ID, load)).start();
        planner.observeLoad(load::latest, new LoadBreachWatch.Settings(0.9, null, Duration.ofMinutes(1)));
        planner.start();
        watch(kafka);
        out.println("planner, validator, " + options.executors() + " executor(s), load sampler");

        BackfillRequested request = SampleBackfill.request(dataset, WAREHOUSE_ID, clock.instant());
        Instant submitted = Instant.now();
        publisher.publishAndWait(Topics.BACKFILL_REQUESTS, request.getBackfillId(), request);
        out.println();
        out.println("Submitted backfill " + request.getBackfillId() + ": " + options.days() + " daily partitions of "
                + SampleDataset.TARGET_SCHEMA + "." + SampleDataset.TARGET_TABLE + ", "
                + request.getChecks().size() + " gate checks");

        BackfillStatus last = follow(request.getBackfillId(), options.timeout());
        Instant finished = Instant.now();
        printSummary(
                request,
                last,
                connections,
                dashboards,
                Duration.between(started, finished),
                Duration.between(submitted, finished));
        return last != null && last.getState() == BackfillState.COMPLETED ? 0 : 1;
    }

    private ConnectionSource openConnections(Path data) throws Exception {
        if (options.postgres()) {
            return new PostgresConnections(options.warehouseUrl(), options.user(), options.password());
        }
        return DuckDbConnections.file(data.resolve("warehouse.duckdb"));
    }

    private LoadSampler startSampler(Warehouse warehouse, EventPublisher publisher) {
        LoadSampler sampler = new LoadSampler(
                new LoadSamplerSettings(
                        WAREHOUSE_ID,
                        "local-sampler",
                        LoadSamplerSettings.DEFAULT_INTERVAL,
                        "SELECT COUNT(*) FROM raw.stores",
                        true,
                        LoadCapacity.DEFAULTS,
                        60,
                        0.10,
                        3),
                warehouse,
                publisher,
                clock,
                meters);
        sampler.start();
        return sampler;
    }

    private void watch(KafkaSettings kafka) {
        closeLater(new TopicReplay<>(kafka, Topics.BACKFILL_STATUS, (key, status) -> statuses.put(key, status)));
        closeLater(new TopicReplay<>(kafka, Topics.PHASE_PROGRESS, (key, event) -> progress.add(event)));
        closeLater(new TopicReplay<>(kafka, Topics.GATE_DECISIONS, (key, decision) -> decisions.add(decision)));
        closeLater(new TopicReplay<>(kafka, Topics.WAREHOUSE_LOAD, (key, sample) -> load.set(sample)));
    }

    /** Prints one progress line every two seconds until the backfill reaches a final state. */
    private BackfillStatus follow(String backfillId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        BackfillStatus status = null;
        while (System.nanoTime() < deadline) {
            status = statuses.get(backfillId);
            if (status != null) {
                LoadSample sample = load.get();
                out.printf(
                        "  %-9s staged %3d/%d  published %3d/%d  phases %d  budget %s  %s%n",
                        status.getState(),
                        status.getPartitionsStaged(),
                        status.getPartitionsTotal(),
                        status.getPartitionsPublished(),
                        status.getPartitionsTotal(),
                        status.getPhaseCount(),
                        sample == null || sample.getWarehouseBudget() == null
                                ? "-"
                                : String.format(Locale.ROOT, "%.2f", sample.getWarehouseBudget()),
                        sample == null || sample.getThrottleReason() == null ? "" : sample.getThrottleReason());
                if (FINAL.contains(status.getState())) {
                    return status;
                }
            }
            TimeUnit.SECONDS.sleep(2);
        }
        out.println("Gave up waiting after " + timeout.toMinutes() + " min");
        return status;
    }

    private void printSummary(
            BackfillRequested request,
            BackfillStatus status,
            ConnectionSource connections,
            ForegroundLoad dashboards,
            Duration wall,
            Duration backfill)
            throws Exception {
        out.println();
        out.println("Summary of " + request.getBackfillId());
        out.println("  outcome            " + (status == null ? "unknown" : status.getState()));
        if (status != null && !status.getProblems().isEmpty()) {
            out.println("  problems           " + status.getProblems());
        }
        long staged = progress.stream()
                .filter(p -> p.getType() == PhaseProgressType.PARTITION_STAGED)
                .count();
        long rows = progress.stream()
                .filter(p -> p.getType() == PhaseProgressType.PARTITION_STAGED && p.getRows() != null)
                .mapToLong(PhaseProgress::getRows)
                .sum();
        out.println(
                "  partitions         " + (status == null ? "?" : status.getPartitionsPublished()) + " published of "
                        + (status == null ? "?" : status.getPartitionsTotal()) + " (" + staged + " partition stagings, "
                        + rows + " rows)");
        long commits = decisions.stream()
                .filter(d -> d.getOutcome() == GateOutcome.COMMIT)
                .count();
        long passed = decisions.stream()
                .flatMap(d -> d.getChecks().stream())
                .filter(c -> c.getStatus() == CheckStatus.PASS)
                .count();
        long warned = decisions.stream()
                .flatMap(d -> d.getChecks().stream())
                .filter(c -> c.getStatus() == CheckStatus.WARN)
                .count();
        out.println("  gates              " + decisions.size() + " decisions, " + commits + " committed; " + passed
                + " check results passed, " + warned + " warnings");
        List<String> pauses = new ArrayList<>();
        progress.stream()
                .filter(p -> p.getType() == PhaseProgressType.PAUSED)
                .sorted(Comparator.comparing(PhaseProgress::getOccurredAt))
                .forEach(p -> pauses.add(p.getPhaseId() + ": " + p.getReason()));
        out.println("  pauses             " + (pauses.isEmpty() ? "none" : pauses.size() + " " + pauses));
        out.printf(
                "  dashboards         %d queries, mean %.1f ms while the backfill ran%n",
                dashboards.queries(), dashboards.meanMillis());
        out.println("  target vs recompute " + verify(connections));
        out.println("  wall time          " + wall.toSeconds() + " s, of which the backfill (submitted to "
                + (status == null ? "given up" : status.getState()) + ") " + backfill.toMillis() / 100 / 10.0 + " s");
    }

    /** Compares every target row with a direct recomputation from the raw orders. */
    private static String verify(ConnectionSource connections) throws Exception {
        String sql = "SELECT COUNT(*) FROM " + SampleDataset.TARGET_SCHEMA + "." + SampleDataset.TARGET_TABLE + " t"
                + " FULL OUTER JOIN (SELECT order_date, store_id, CAST(SUM(amount_cents) / 100.0 AS DECIMAL(18,2)) AS r"
                + " FROM raw.orders GROUP BY order_date, store_id) s"
                + " ON t.revenue_date = s.order_date AND t.store_id = s.store_id"
                + " WHERE t.revenue IS NULL OR s.r IS NULL OR t.revenue <> s.r";
        try (Connection connection = connections.open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            long mismatches = rows.getLong(1);
            return mismatches == 0 ? "every row matches" : mismatches + " rows differ";
        }
    }

    private void step(String what) {
        out.print("Starting " + what + "... ");
        out.flush();
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.push(resource);
        return resource;
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

    /** Stops everything in reverse start order. */
    @Override
    public synchronized void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                out.println("warning: " + e.getMessage());
            }
        }
    }
}
