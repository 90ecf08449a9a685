package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.Budget;
import io.backfill.events.CheckSpec;
import io.backfill.events.CheckType;
import io.backfill.events.FailurePolicy;
import io.backfill.events.GateOutcome;
import io.backfill.events.PartitionGrain;
import io.backfill.events.PartitionRange;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.Requester;
import io.backfill.events.RolloutMode;
import io.backfill.events.TableRef;
import io.backfill.events.TimeWindow;
import io.backfill.events.WindowPolicy;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.postgres.PostgresTestSchema;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Total validation, through the real planner (real broker, registry and PostgreSQL catalogue): generated
 * requests, {@value #BATCH} per try and {@value #TRIES} tries (over 1,000 a run), each
 *
 * <ul>
 *   <li><b>valid</b> (drawn from what the catalogue holds): must be accepted;
 *   <li><b>mutated</b>: a valid request with one to three fields broken in a known way: must be REJECTED, and
 *       when one field was broken, a problem must name that field;
 *   <li><b>structured</b>: every field drawn from a pool of good, odd and bad values: must end ACCEPTED or
 *       REJECTED with at least one problem.
 * </ul>
 *
 * Every problem starts with the field it is about ({@code budgets.maxPhasesInFlight: ...}). Alongside each
 * batch go undecodable records (garbage, an unknown schema id, a truncated body): those, and only those,
 * reach {@code backfill-requests-dlq}, each with a reason naming its cause. The planner stays ready, and a
 * control backfill submitted with each batch runs to COMPLETED. Accepted backfills are cancelled after their
 * batch, so batches do not fill the warehouse's phase cap.
 *
 * <p>jqwik runs this class, not JUnit Jupiter, so it owns its schema and asks the shared broker and registry
 * directly. Shrinking is off: each step would be another round through the planner; a failure lists the
 * offending requests instead.
 */
class TotalValidationIT {

    static final int TRIES = 20;
    static final int BATCH = 55;
    static final String WAREHOUSE = "it-validation";
    static final Duration WAIT = Duration.ofSeconds(60);

    /** A problem names its field first: {@code priority:}, {@code budgets.maxPhasesInFlight:}, {@code checks[2].sql:}. */
    static final Pattern NAMES_A_FIELD =
            Pattern.compile("^[a-zA-Z]+(\\[\\d+])?(\\.[a-zA-Z]+(\\[\\d+])?)*: \\S.*", Pattern.DOTALL);

    static final Set<String> LIVE = Set.of("PLANNED", "RUNNING", "QUEUED", "AWAITING_APPROVAL", "PAUSED");

    static PostgresTestSchema postgres;
    static PlannerRig rig;
    static PlannerNode planner;
    static String schema;
    static String run;
    static Serializer<BackfillRequested> serializer;
    static KafkaProducer<String, byte[]> raw;
    static final AtomicInteger ids = new AtomicInteger();
    /** Every undecodable record sent so far (key and what its reason must say): the only dead letters allowed. */
    static final Map<String, String> undecodable = new java.util.concurrent.ConcurrentHashMap<>();

    static final Map<Kind, AtomicInteger> sent = new HashMap<>();
    static final AtomicInteger accepted = new AtomicInteger();
    static final AtomicInteger rejected = new AtomicInteger();
    static final AtomicInteger poisoned = new AtomicInteger();
    static long startedNanos;

    enum Kind {
        VALID,
        MUTATED,
        STRUCTURED
    }

    /**
     * One generated request: how to build it around a fresh unique backfill id, and the fields a mutation
     * broke (empty for valid and structured ones).
     */
    record Case(Kind kind, List<String> broken, UnaryOperator<BackfillRequested.Builder> shape) {

        BackfillRequested build(String id) {
            return shape.apply(base(id)).build();
        }

        @Override
        public String toString() {
            return kind + (broken.isEmpty() ? "" : " " + broken);
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        startedNanos = System.nanoTime();
        postgres = PostgresTestSchema.create("TotalValidationIT");
        schema = postgres.schema();
        run = "tv" + UUID.randomUUID().toString().substring(0, 6);
        rig = PlannerRig.start(
                KafkaBroker.shared(),
                SchemaRegistry.shared(),
                postgres,
                "validation-it",
                "CREATE TABLE sales_day (sale_date date NOT NULL, amount numeric, customer_id int)",
                "INSERT INTO sales_day SELECT d::date, 1, 1 FROM generate_series(date '2026-03-01', date '2026-03-04',"
                        + " interval '1 day') d",
                "CREATE TABLE sales_hour (sold_at timestamp NOT NULL, amount numeric)",
                "CREATE TABLE sales_tz (sold_at timestamptz NOT NULL, amount numeric)",
                "CREATE TABLE labels (label text, amount numeric)",
                "CREATE TABLE customers (id int)",
                "CREATE TABLE control_sales (sale_date date NOT NULL, amount numeric)",
                "INSERT INTO control_sales VALUES (date '2026-03-01', 1), (date '2026-03-02', 2)");
        planner = rig.node(WAREHOUSE, "validation-it-" + run, new SimpleMeterRegistry());
        planner.start();
        serializer = new EventSerdes(rig.kafka.registry()).serializer(Topics.BACKFILL_REQUESTS);
        raw = new KafkaProducer<>(
                rig.kafka.baseProperties("poison"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterContainer
    static void stop() {
        System.out.printf(
                "TotalValidationIT: %d requests (%s) through the planner in %d s: %d accepted, %d rejected; %d"
                        + " undecodable records dead-lettered%n",
                sent.values().stream().mapToInt(AtomicInteger::get).sum(),
                sent,
                Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(),
                accepted.get(),
                rejected.get(),
                poisoned.get());
        if (raw != null) {
            raw.close();
        }
        if (serializer != null) {
            serializer.close();
        }
        if (planner != null) {
            planner.close();
        }
        if (rig != null) {
            rig.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    // Edge cases off: jqwik's edge cases of a list are runs of one element, which skew the mix of kinds.
    @Property(
            tries = TRIES,
            shrinking = ShrinkingMode.OFF,
            generation = GenerationMode.RANDOMIZED,
            edgeCases = EdgeCasesMode.NONE)
    void everyRequestEndsAcceptedOrRejectedNamingItsProblemsAndOnlyUndecodableBytesAreDeadLettered(
            @ForAll("batches") List<Case> batch) {
        // given: a control backfill, the batch, and undecodable records, all on backfill-requests
        String control = run + "-control-" + ids.incrementAndGet();
        rig.events.send(Events.request(WAREHOUSE, control, schema, "control_sales", "2026-03-01", "2026-03-03")
                .build());
        Map<String, Case> byId = new HashMap<>();
        for (Case c : batch) {
            String id = run + "-" + ids.incrementAndGet();
            BackfillRequested request = c.build(id);
            byId.put(request.getBackfillId(), c);
            rig.events.send(request);
            sent.computeIfAbsent(c.kind(), k -> new AtomicInteger()).incrementAndGet();
        }
        Map<String, String> poison = sendUndecodable();
        undecodable.putAll(poison);

        // then: every request has an outcome, and the undecodable records are parked with their reasons
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(byId.keySet())
                        .allSatisfy(id -> assertThat(rig.out.status(id)).as(id).isPresent()));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(deadLettersOfThisRun()).containsOnlyKeys(undecodable.keySet()));
        deadLettersOfThisRun()
                .forEach((key, reason) -> assertThat(reason).as(key).contains(undecodable.get(key)));
        poisoned.addAndGet(poison.size());

        List<String> wrong = new ArrayList<>();
        List<String> live = new ArrayList<>();
        byId.forEach((id, c) -> {
            BackfillStatus status = rig.out.status(id).orElseThrow();
            String state = status.getState().name();
            List<String> problems = status.getProblems();
            if (state.equals("REJECTED")) {
                rejected.incrementAndGet();
            } else {
                accepted.incrementAndGet();
            }
            String verdict = verdict(c, state, problems);
            if (verdict != null) {
                wrong.add(c + " " + id + " -> " + state + " " + problems + ": " + verdict + "\n    " + c.build(id));
            }
            if (LIVE.contains(state)) {
                live.add(id);
            }
        });
        assertThat(wrong).as("requests whose outcome breaks the rules").isEmpty();
        assertThat(planner.healthy()).as("planner ready").isTrue();

        // and: the control backfill, submitted alongside, completes
        runToCompletion(control);

        // cleanup: cancel what was accepted, so the next batch finds the warehouse's phase cap free
        live.forEach(id -> rig.events.command(id, BackfillCommandType.CANCEL, null, null));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(live)
                        .allSatisfy(id -> assertThat(rig.out.state(id)).as(id).isNotIn(LIVE)));
    }

    /** Null when the outcome is right for the case, else what is wrong with it. */
    static String verdict(Case c, String state, List<String> problems) {
        boolean isRejected = state.equals("REJECTED");
        if (isRejected && problems.isEmpty()) {
            return "rejected without a problem";
        }
        if (!isRejected && !problems.isEmpty()) {
            return "accepted with problems";
        }
        List<String> unnamed = problems.stream()
                .filter(p -> !NAMES_A_FIELD.matcher(p).matches())
                .toList();
        if (!unnamed.isEmpty()) {
            return "problems that do not start with their field: " + unnamed;
        }
        switch (c.kind()) {
            case VALID -> {
                return isRejected ? "a valid request was rejected" : null;
            }
            case MUTATED -> {
                if (!isRejected) {
                    return "a request with " + c.broken() + " broken was accepted";
                }
                List<String> unnamedFields = c.broken().stream()
                        .filter(field -> problems.stream().noneMatch(p -> names(p, field)))
                        .toList();
                // One broken field must be named; with several, one problem can hide another (no table: no
                // question about its columns), but at least one of them is named.
                boolean ok = c.broken().size() == 1
                        ? unnamedFields.isEmpty()
                        : unnamedFields.size() < c.broken().size();
                return ok ? null : "no problem names " + unnamedFields;
            }
            default -> {
                return null;
            }
        }
    }

    static boolean names(String problem, String field) {
        return problem.startsWith(field + ":") || problem.startsWith(field + ".") || problem.startsWith(field + "[");
    }

    // ---- generators -------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Case>> batches() {
        return Arbitraries.frequencyOf(Tuple.of(2, valid()), Tuple.of(5, mutated()), Tuple.of(4, structured()))
                .list()
                .ofSize(BATCH);
    }

    /** The request every case starts from: valid against the test's catalogue. */
    static BackfillRequested.Builder base(String id) {
        return Events.request(WAREHOUSE, id, schema, "sales_day", "2026-03-01", "2026-03-03")
                .setBudget(Budget.newBuilder()
                        .setMaxConcurrentStatements(2)
                        .setMaxPhasesInFlight(1)
                        .build())
                .setRolloutMode(RolloutMode.DRY_RUN);
    }

    /** What the catalogue can plan: a table, its column and a grain it holds, in a few zones. */
    Arbitrary<UnaryOperator<BackfillRequested.Builder>> validShape() {
        Arbitrary<UnaryOperator<BackfillRequested.Builder>> target = Arbitraries.of(
                b -> b,
                b -> b.setRange(new PartitionRange(PartitionGrain.MONTH, "2026-03", "2026-05", "UTC")),
                b -> b.setTarget(new TableRef(schema, "sales_hour"))
                        .setPartitionColumn("sold_at")
                        .setRange(
                                new PartitionRange(PartitionGrain.HOUR, "2026-03-01T00:00", "2026-03-01T05:00", "UTC")),
                b -> b.setTarget(new TableRef(schema, "sales_tz"))
                        .setPartitionColumn("sold_at")
                        .setRange(new PartitionRange(
                                PartitionGrain.HOUR, "2026-03-29T00:00", "2026-03-29T06:00", "Europe/Berlin")),
                b -> b.setTarget(new TableRef(schema, "sales_tz"))
                        .setPartitionColumn("sold_at")
                        .setRange(
                                new PartitionRange(PartitionGrain.DAY, "2026-03-01", "2026-03-08", "Asia/Kathmandu")));
        Arbitrary<RolloutMode> mode = Arbitraries.of(RolloutMode.class);
        Arbitrary<Integer> priority = Arbitraries.integers().between(0, 100);
        Arbitrary<UnaryOperator<BackfillRequested.Builder>> extras = Arbitraries.of(
                b -> b,
                b -> b.setDeadline(Instant.now().plus(Duration.ofDays(30))),
                b -> b.setWindows(WindowPolicy.newBuilder()
                        .setTimeZone("Europe/Berlin")
                        .setAllowed(List.of(new TimeWindow(List.of("MON-FRI"), "22:00", "06:00")))
                        .setBlackoutDates(List.of("2026-12-24"))
                        .build()),
                b -> b.setFailurePolicy(FailurePolicy.newBuilder()
                        .setMaxRetries(3)
                        .setRetryBackoffSeconds(1)
                        .build()),
                b -> b.setTargetPhaseSeconds(60)
                        .setPhaseBudget(
                                Budget.newBuilder().setMaxRowsPerSecond(1000L).build()),
                b -> b.setChecks(List.of(
                        check("nulls", CheckType.NULL_RATE)
                                .setColumns(List.of("amount"))
                                .setThreshold(0.1)
                                .build(),
                        check("rows", CheckType.ROW_COUNT_VS_SOURCE)
                                .setTolerance(0.05)
                                .build(),
                        check("none", CheckType.CUSTOM_SQL)
                                .setSql("SELECT 1 WHERE :partition_start > :partition_end")
                                .build())),
                b -> b.setRequireApproval(true));
        return Combinators.combine(target, mode, priority, extras)
                .as((t, m, p, e) -> b -> e.apply(t.apply(b).setRolloutMode(m).setPriority(p)));
    }

    Arbitrary<Case> valid() {
        return validShape().map(shape -> new Case(Kind.VALID, List.of(), shape));
    }

    /** A mutation: the field it breaks and how. */
    record Mutation(String field, UnaryOperator<BackfillRequested.Builder> breakIt) {}

    Arbitrary<Case> mutated() {
        return Combinators.combine(
                        validShape(),
                        mutation().list().ofMinSize(1).ofMaxSize(3).uniqueElements(Mutation::field))
                .as((shape, mutations) -> new Case(
                        Kind.MUTATED, mutations.stream().map(Mutation::field).toList(), b -> {
                            BackfillRequested.Builder shaped = shape.apply(b);
                            mutations.forEach(m -> m.breakIt().apply(shaped));
                            return shaped;
                        }));
    }

    Arbitrary<Mutation> mutation() {
        Instant now = Instant.now();
        DayOfWeek inFourDays = now.atZone(ZoneOffset.UTC).plusDays(4).getDayOfWeek();
        return Arbitraries.oneOf(
                Arbitraries.of(101, 1000, -1, Integer.MAX_VALUE, Integer.MIN_VALUE)
                        .map(p -> new Mutation("priority", b -> b.setPriority(p))),
                Arbitraries.just(new Mutation(
                        "range.grain",
                        b -> b.setTarget(new TableRef(schema, "sales_day"))
                                .setPartitionColumn("sale_date")
                                .setRange(new PartitionRange(
                                        PartitionGrain.HOUR, "2026-03-01T00:00", "2026-03-01T03:00", "UTC"))
                                .setChecks(List.of()))),
                Arbitraries.of("no_such_column", "x\"; drop table t", "", "Amount Column", "amount")
                        .map(column -> new Mutation("partitionColumn", b -> b.setPartitionColumn(column))),
                Arbitraries.just(new Mutation(
                        "partitionColumn",
                        b -> b.setTarget(new TableRef(schema, "labels"))
                                .setPartitionColumn("label")
                                .setChecks(List.of()))),
                Arbitraries.of(
                                new TableRef("SCHEMA", "no_such_table"),
                                new TableRef("public", "sales_day"),
                                new TableRef("SCHEMA", "a;b"),
                                new TableRef("", ""),
                                new TableRef("SCHEMA", "sälës"))
                        .map(t -> new Mutation(
                                "target",
                                b -> b.setTarget(new TableRef(
                                        t.getSchemaName().equals("SCHEMA") ? schema : t.getSchemaName(),
                                        t.getTableName())))),
                Arbitraries.of(
                                List.of("2026-03-01T05:00", "2026-03-03", "UTC"),
                                List.of("2026-03-03", "2026-03-01", "UTC"),
                                List.of("2026-03-01", "2026-03-01", "UTC"),
                                List.of("2026-13-45", "2026-03-03", "UTC"),
                                List.of("yesterday", "today", "UTC"),
                                List.of("2026-03-01", "2026-03-03", "Mars/Olympus"),
                                List.of("2026-03-01", "2026-03-03", ""),
                                List.of("2026-03-01", "2026-03-03", "+25:00"),
                                List.of("0001-01-01", "9999-12-31", "UTC"))
                        .map(r -> new Mutation(
                                "range",
                                // daily, so each pair is wrong for the grain (hours would accept 05:00)
                                b -> b.setTarget(new TableRef(schema, "sales_day"))
                                        .setPartitionColumn("sale_date")
                                        .setRange(
                                                new PartitionRange(PartitionGrain.DAY, r.get(0), r.get(1), r.get(2))))),
                Arbitraries.just(new Mutation(
                        "range",
                        b -> b.setTarget(new TableRef(schema, "sales_hour"))
                                .setPartitionColumn("sold_at")
                                .setRange(new PartitionRange(PartitionGrain.HOUR, "1900-01-01", "2100-01-01", "UTC")))),
                Arbitraries.of("Nowhere/Land", "", "UTC+99")
                        .map(zone -> new Mutation(
                                "windowPolicy.timeZone",
                                b -> b.setWindows(WindowPolicy.newBuilder()
                                        .setTimeZone(zone)
                                        .build()))),
                Arbitraries.of(
                                new TimeWindow(List.of(), "25:00", "06:00"),
                                new TimeWindow(List.of("FUNDAY"), "22:00", "06:00"),
                                new TimeWindow(List.of(), "22", "06:00"))
                        .map(w -> new Mutation(
                                "windowPolicy.allowed[0]",
                                b -> b.setWindows(WindowPolicy.newBuilder()
                                        .setAllowed(List.of(w))
                                        .build()))),
                Arbitraries.of("2026-02-30", "24.12.2026", "")
                        .map(date -> new Mutation(
                                "windowPolicy.blackoutDates",
                                b -> b.setWindows(WindowPolicy.newBuilder()
                                        .setBlackoutDates(List.of(date))
                                        .build()))),
                Arbitraries.just(new Mutation(
                        "windowPolicy",
                        // open only one weekday, four days away; due in two days
                        b -> b.setDeadline(now.plus(Duration.ofDays(2)))
                                .setWindows(WindowPolicy.newBuilder()
                                        .setAllowed(List.of(new TimeWindow(
                                                List.of(inFourDays
                                                        .getDisplayName(TextStyle.SHORT, Locale.ROOT)
                                                        .toUpperCase(Locale.ROOT)),
                                                "00:00",
                                                "23:00")))
                                        .build()))),
                Arbitraries.of(now.minusSeconds(1), Instant.EPOCH, Instant.parse("2020-01-01T00:00:00Z"))
                        .map(d -> new Mutation(
                                "deadline",
                                b -> b.setDeadline(d)
                                        .setWindows(WindowPolicy.newBuilder().build()))),
                budgetMutation(),
                Arbitraries.of(-1, Integer.MIN_VALUE)
                        .map(n -> new Mutation(
                                "failurePolicy.maxRetries",
                                b -> b.setFailurePolicy(FailurePolicy.newBuilder()
                                        .setMaxRetries(n)
                                        .build()))),
                Arbitraries.just(new Mutation(
                        "failurePolicy.backoff",
                        b -> b.setFailurePolicy(FailurePolicy.newBuilder()
                                .setMaxRetries(2)
                                .setRetryBackoffSeconds(-5)
                                .build()))),
                Arbitraries.of(0, -10).map(n -> new Mutation("targetPhaseSeconds", b -> b.setTargetPhaseSeconds(n))),
                Arbitraries.of(
                                "",
                                "SELECT * FROM raw WHERE d >= :partition_start",
                                "SELECT 'x FROM raw WHERE d >= :partition_start AND d < :partition_end",
                                "SELECT * FROM raw WHERE d >= ? AND d >= :partition_start AND d < :partition_end",
                                "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end; DROP TABLE x",
                                "SELECT * FROM raw WHERE t = :tenant AND d >= :partition_start AND d < :partition_end",
                                "/* SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end")
                        .map(sql -> new Mutation("transformationSql", b -> b.setTransformationSql(sql))),
                checkMutation(),
                Arbitraries.of("bad id ", "-starts-with-dash-", "x".repeat(200) + "-", "semi;colon-")
                        .map(prefix -> new Mutation("backfillId", b -> b.setBackfillId(prefix + b.getBackfillId()))),
                Arbitraries.of("self", "bad id!", "")
                        .map(dep -> new Mutation(
                                "dependsOn",
                                b -> b.setDependsOn(List.of(dep.equals("self") ? b.getBackfillId() : dep)))),
                Arbitraries.of("", "   ")
                        .map(user -> new Mutation(
                                "requester",
                                b -> b.setRequester(
                                        Requester.newBuilder().setUser(user).build()))));
    }

    Arbitrary<Mutation> budgetMutation() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, -5)
                        .map(n -> new Mutation(
                                "budgets.maxConcurrentStatements",
                                b -> b.setBudget(Budget.newBuilder(b.getBudget())
                                        .setMaxConcurrentStatements(n)
                                        .build()))),
                Arbitraries.of(0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY)
                        .map(n -> new Mutation(
                                "budgets.maxPartitionsPerSecond",
                                b -> b.setBudget(Budget.newBuilder(b.getBudget())
                                        .setMaxPartitionsPerSecond(n)
                                        .build()))),
                Arbitraries.of(0.0, -1.0, Double.NaN)
                        .map(n -> new Mutation(
                                "budgets.maxComputeSeconds",
                                b -> b.setBudget(Budget.newBuilder(b.getBudget())
                                        .setMaxComputeSeconds(n)
                                        .build()))),
                Arbitraries.of(0, -1)
                        .map(n -> new Mutation(
                                "budgets.maxPhasesInFlight",
                                b -> b.setBudget(Budget.newBuilder(b.getBudget())
                                        .setMaxPhasesInFlight(n)
                                        .build()))),
                Arbitraries.of(0L, -100L)
                        .map(n -> new Mutation(
                                "budgets.maxRowsPerSecond",
                                b -> b.setBudget(Budget.newBuilder(b.getBudget())
                                        .setMaxRowsPerSecond(n)
                                        .build()))),
                Arbitraries.of(0, -1)
                        .map(n -> new Mutation(
                                "budgets.statementTimeoutSeconds",
                                b -> b.setBudget(Budget.newBuilder(b.getBudget())
                                        .setStatementTimeoutSeconds(n)
                                        .build()))),
                Arbitraries.of(0, -3)
                        .map(n -> new Mutation(
                                "phaseBudget.maxConcurrentStatements",
                                b -> b.setPhaseBudget(Budget.newBuilder()
                                        .setMaxConcurrentStatements(n)
                                        .build()))));
    }

    Arbitrary<Mutation> checkMutation() {
        return Arbitraries.of(
                        check("t", CheckType.UNKNOWN),
                        check("nulls", CheckType.NULL_RATE),
                        check("nulls", CheckType.NULL_RATE).setColumns(List.of("no_such_col")),
                        check("nulls", CheckType.NULL_RATE)
                                .setColumns(List.of("amount"))
                                .setThreshold(Double.NaN),
                        check("nulls", CheckType.NULL_RATE)
                                .setColumns(List.of("amount"))
                                .setThreshold(2.0),
                        check("rows", CheckType.ROW_COUNT_VS_SOURCE).setTolerance(-0.1),
                        check("ri", CheckType.REFERENTIAL_INTEGRITY).setColumns(List.of("amount")),
                        check("ri", CheckType.REFERENTIAL_INTEGRITY)
                                .setColumns(List.of("amount"))
                                .setReferenceTable(new TableRef("SCHEMA", "no_dim"))
                                .setReferenceColumn("id"),
                        check("ri", CheckType.REFERENTIAL_INTEGRITY)
                                .setColumns(List.of("amount"))
                                .setReferenceTable(new TableRef("SCHEMA", "customers"))
                                .setReferenceColumn("no_key"),
                        check("sql", CheckType.CUSTOM_SQL),
                        check("sql", CheckType.CUSTOM_SQL).setSql("SELECT 1 FROM t WHERE x = :who"),
                        check("", CheckType.SCHEMA_MATCH),
                        check("k", CheckType.UNIQUE_KEY).setColumns(List.of("a-b")))
                .map(spec -> new Mutation("checks", b -> {
                    CheckSpec.Builder built = spec;
                    if (built.hasReferenceTable()
                            && built.getReferenceTable().getSchemaName().equals("SCHEMA")) {
                        built = CheckSpec.newBuilder(built)
                                .setReferenceTable(new TableRef(
                                        schema, built.getReferenceTable().getTableName()));
                    }
                    List<CheckSpec> checks = new ArrayList<>(b.hasChecks() ? b.getChecks() : List.of());
                    checks.add(built.build());
                    return b.setChecks(checks);
                }));
    }

    /**
     * Every field drawn independently, mostly (6 in 7) from values that are good on their own, else from bad or
     * odd ones, so some of these requests are accepted and most are wrong in a combination nobody wrote down.
     */
    Arbitrary<Case> structured() {
        Arbitrary<List<String>> targetAndColumn = mostly(
                Arbitraries.of(
                        List.of("sales_day", "sale_date"),
                        List.of("sales_hour", "sold_at"),
                        List.of("sales_tz", "sold_at")),
                Arbitraries.of(
                        List.of("labels", "label"),
                        List.of("customers", "id"),
                        List.of("nope", "sale_date"),
                        List.of("sales_day", "bad col"),
                        List.of("sales_day", ""),
                        List.of("sales_day", "amount")));
        Arbitrary<PartitionGrain> grain = Arbitraries.of(PartitionGrain.class);
        // Valid ranges stay small (a day of hours, a few days or one month): ranges that are valid and large are
        // the scale tests' subject, not this one's; ranges beyond the partition limit are among the mutations.
        Arbitrary<String> start = mostly(
                Arbitraries.of("2026-03", "2026-03-01", "2026-03-02"),
                Arbitraries.of("2026-03-01T01:00", "2026-03-29T02:00", "2026-02-29", "03/01/2026", "", "2026-04"));
        Arbitrary<String> end = mostly(
                Arbitraries.of("2026-04", "2026-03-03", "2026-03-05T00:00"),
                Arbitraries.of("2026-03-01T00:00:00.5", "2026-03-01", "2026-13", "now"));
        Arbitrary<String> hourEnd = mostly(
                Arbitraries.of("2026-03-02", "2026-03-01T06:00", "2026-03-02T12:00"),
                Arbitraries.of("2026-03-01T00:30", "2026-03-01", "2026-13", "now"));
        Arbitrary<String> zone = mostly(
                Arbitraries.of("UTC", "Europe/Berlin", "America/Sao_Paulo", "Asia/Kathmandu", "Z", "+05:45"),
                Arbitraries.of("Bad/Zone", "", "+99:00"));
        Arbitrary<Integer> priority = mostly(
                Arbitraries.integers().between(0, 100),
                Arbitraries.of(-5, 101, 110, Integer.MIN_VALUE, Integer.MAX_VALUE));
        Arbitrary<Budget> budget = Combinators.combine(
                        mostly(Arbitraries.of(1, 64).injectNull(0.3), Arbitraries.of(0, -1)),
                        mostly(
                                Arbitraries.of(0.5, 2.0, Double.MAX_VALUE).injectNull(0.3),
                                Arbitraries.of(0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY)),
                        mostly(Arbitraries.of(1.0, 1e18).injectNull(0.3), Arbitraries.of(0.0, Double.NaN, -1.0)),
                        mostly(Arbitraries.of(1, Integer.MAX_VALUE).injectNull(0.3), Arbitraries.of(0, -7)),
                        mostly(Arbitraries.of(1, Integer.MAX_VALUE).injectNull(0.5), Arbitraries.of(0, -1)))
                .as((statements, pps, compute, inFlight, timeout) -> Budget.newBuilder()
                        .setMaxConcurrentStatements(statements)
                        .setMaxPartitionsPerSecond(pps)
                        .setMaxComputeSeconds(compute)
                        .setMaxPhasesInFlight(inFlight)
                        .setStatementTimeoutSeconds(timeout)
                        .build());
        Arbitrary<TimeWindow> window = mostly(
                Arbitraries.of(
                        new TimeWindow(List.of(), "22:00", "06:00"),
                        new TimeWindow(List.of("SAT", "SUN"), "00:00", "23:59"),
                        new TimeWindow(List.of("MON-FRI"), "09:00", "17:00")),
                Arbitraries.of(
                        new TimeWindow(List.of("XYZ"), "1:00", "2"), new TimeWindow(List.of("MON"), "02:00", "25:00")));
        Arbitrary<WindowPolicy> windows = Combinators.combine(
                        zone,
                        window.list().ofMaxSize(2),
                        mostly(Arbitraries.of("2026-03-02", "2026-12-24"), Arbitraries.of("2026-02-31", "soon"))
                                .list()
                                .ofMaxSize(2))
                .as((z, allowed, blackouts) -> WindowPolicy.newBuilder()
                        .setTimeZone(z)
                        .setAllowed(allowed)
                        .setBlackoutDates(blackouts)
                        .build());
        Arbitrary<String> sql = mostly(
                Arbitraries.of(
                        "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end",
                        "SELECT :partition_start::date, :partition_end -- done",
                        "SELECT ':x', :partition_start, :partition_end /* both bounds */"),
                Arbitraries.of(
                        "SELECT 1",
                        "SELECT ':partition_start', :partition_end",
                        "select * from t where a >= :partition_start and a < :partition_end and b = ?",
                        ""));
        Arbitrary<Instant> deadline = mostly(
                Arbitraries.of(Instant.now().plus(Duration.ofDays(30)), Instant.parse("9999-01-01T00:00:00Z"))
                        .injectNull(0.5),
                Arbitraries.of(Instant.EPOCH, Instant.now().minusSeconds(60)));
        Arbitrary<CheckSpec> oneCheck = mostly(
                Arbitraries.of(
                        check("nulls", CheckType.NULL_RATE)
                                .setColumns(List.of("amount"))
                                .setThreshold(0.5)
                                .build(),
                        check("schema", CheckType.SCHEMA_MATCH).build(),
                        check("rows", CheckType.ROW_COUNT_DELTA_VS_TARGET)
                                .setTolerance(0.2)
                                .build()),
                Arbitraries.of(CheckType.class)
                        .map(type -> check(type.name().toLowerCase(Locale.ROOT), type)
                                .setColumns(type == CheckType.UNIQUE_KEY ? List.of("amount") : List.of())
                                .setThreshold(type == CheckType.NULL_RATE ? 7.0 : null)
                                .build()));
        Arbitrary<List<CheckSpec>> checks = oneCheck.list().ofMaxSize(2);
        Arbitrary<FailurePolicy> failure = Combinators.combine(
                        mostly(Arbitraries.of(0, 1, 5), Arbitraries.of(-1)),
                        mostly(Arbitraries.of(0, 60, Integer.MAX_VALUE), Arbitraries.of(-1)))
                .as((retries, backoff) -> FailurePolicy.newBuilder()
                        .setMaxRetries(retries)
                        .setRetryBackoffSeconds(backoff)
                        .build());
        Arbitrary<UnaryOperator<BackfillRequested.Builder>> what = Combinators.combine(
                        targetAndColumn, grain, start, end, hourEnd, zone, priority, sql)
                .as((tc, g, from, dayEnd, hEnd, z, p, q) -> b -> b.setTarget(new TableRef(schema, tc.get(0)))
                        .setPartitionColumn(tc.get(1))
                        .setRange(new PartitionRange(g, from, g == PartitionGrain.HOUR ? hEnd : dayEnd, z))
                        .setPriority(p)
                        .setTransformationSql(q));
        Arbitrary<UnaryOperator<BackfillRequested.Builder>> how = Combinators.combine(
                        budget,
                        windows,
                        deadline,
                        checks,
                        failure,
                        Arbitraries.of(RolloutMode.class),
                        mostly(Arbitraries.of(30, 600).injectNull(0.6), Arbitraries.of(0, -1)))
                .as((bu, w, d, ch, f, m, phaseSeconds) -> b -> b.setBudget(bu)
                        .setWindows(w)
                        .setDeadline(d)
                        .setChecks(ch)
                        .setFailurePolicy(f)
                        .setRolloutMode(m)
                        .setTargetPhaseSeconds(phaseSeconds));
        return Combinators.combine(what, how)
                .as((w, h) -> new Case(Kind.STRUCTURED, List.of(), b -> h.apply(w.apply(b))));
    }

    /** Six in seven from {@code good}, else from {@code bad}. */
    static <T> Arbitrary<T> mostly(Arbitrary<T> good, Arbitrary<T> bad) {
        return Arbitraries.frequencyOf(Tuple.of(6, good), Tuple.of(1, bad));
    }

    static CheckSpec.Builder check(String name, CheckType type) {
        return CheckSpec.newBuilder().setName(name).setType(type);
    }

    // ---- undecodable records, the control backfill, the DLQ -----------------------------------------

    /** Sends three undecodable records; returns each one's key and what its dead-letter reason must say. */
    static Map<String, String> sendUndecodable() {
        byte[] valid = serializer.serialize(
                Topics.BACKFILL_REQUESTS.name(), base(run + "-bytes").build());
        byte[] unknownSchema = valid.clone();
        ByteBuffer.wrap(unknownSchema, 1, 4).putInt(99_999_999);
        Map<String, byte[]> records = Map.of(
                run + "-poison-garbage-" + ids.incrementAndGet(),
                        "{\"backfillId\": 1}".getBytes(StandardCharsets.UTF_8),
                run + "-poison-schema-" + ids.incrementAndGet(), unknownSchema,
                run + "-poison-truncated-" + ids.incrementAndGet(), Arrays.copyOf(valid, valid.length / 2));
        Map<String, String> reasons = new HashMap<>();
        records.forEach((key, bytes) -> {
            try {
                raw.send(new ProducerRecord<>(Topics.BACKFILL_REQUESTS.name(), key, bytes))
                        .get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            reasons.put(
                    key,
                    key.contains("garbage")
                            ? "not in the registry wire format"
                            : key.contains("schema")
                                    ? "schema id 99999999 not found in the registry"
                                    : "cannot decode value with schema id");
        });
        return reasons;
    }

    static Map<String, String> deadLettersOfThisRun() {
        return rig.out.deadLetters.stream()
                .filter(d -> d.key() != null && d.key().startsWith(run + "-"))
                .collect(Collectors.toMap(
                        TopicRecorder.Dead::key, d -> String.valueOf(d.reason()), (a, b) -> a + " | " + b));
    }

    /** Plays executor and validator for the control backfill's one phase until it is COMPLETED. */
    static void runToCompletion(String control) {
        rig.awaitInstructions(control, WAIT, "planned p0#1");
        rig.events.stage(control, control + "-p0", 1, List.of("2026-03-01", "2026-03-02"));
        rig.events.gate(control, control + "-p0", 1, GateOutcome.COMMIT);
        rig.awaitInstructions(control, WAIT, "planned p0#1", "PUBLISH p0#1");
        rig.events.progress(control, control + "-p0", 1, PhaseProgressType.PUBLISHED, null);
        rig.awaitState(control, WAIT, "COMPLETED");
    }
}
