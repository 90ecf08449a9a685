package io.backfill.validator.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckStatus;
import io.backfill.validator.domain.CheckType;
import io.backfill.validator.domain.GateDecision;
import io.backfill.validator.domain.GateVerdict;
import io.backfill.validator.domain.InMemoryMetricHistory;
import io.backfill.validator.domain.MetricHistory;
import io.backfill.validator.domain.Metrics;
import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.PartitionColumnKind;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseDialect;
import io.backfill.warehouse.WarehouseSettings;
import io.backfill.warehouse.sql.ControlNames;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every gate check on real staged data, run against each warehouse by a subclass. Each test stages a
 * phase of two days: 2026-03-01 is clean, 2026-03-02 is corrupted the way the check exists to catch, so
 * one phase shows both the passing and the failing outcome, per partition, and the verdict.
 *
 * <p>The fixture: a target and a source table with a row every six hours from 2026-02-27 to 2026-03-03
 * (Berlin); ids count up from 0 (2026-03-01 holds ids 8..11, 2026-03-02 ids 12..15), customer ids are
 * {@code id % 3} and exist in a customers table, amounts equal ids. The transformation doubles amounts.
 */
public abstract class GateChecksContractIT {

    protected static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String BACKFILL = "bf-gate";
    private static final Instant AFTER_ALL_DATA = Instant.parse("2026-06-01T00:00:00Z");
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final String CLEAN = "2026-03-01";
    private static final String CORRUPT = "2026-03-02";

    protected ConnectionSource connections;
    protected Warehouse warehouse;
    private MetricHistory history;
    private GateEvaluator evaluator;
    private String events;
    private String source;
    private String customers;
    private String phase;
    private int phases;

    /** Fresh connections to an isolated database or schema for one test. */
    protected abstract ConnectionSource openConnections() throws Exception;

    protected abstract WarehouseDialect dialect();

    /** The schema tests create tables in; also the control schema and the only allowed one. */
    protected abstract String schema();

    /** A query that runs far longer than a second. */
    protected abstract String slowQuery();

    @BeforeEach
    void openWarehouse() throws Exception {
        connections = openConnections();
        warehouse = new Warehouse(connections, dialect(), settings());
        history = new InMemoryMetricHistory();
        evaluator = evaluatorOn(warehouse);
        int n = TABLES.incrementAndGet();
        events = "events_" + n;
        source = "events_src_" + n;
        customers = "customers_" + n;
        phase = "gate-phase-" + n;
    }

    @AfterEach
    void closeWarehouse() {
        warehouse.close();
    }

    // ---------------------------------------------------------------- the whole gate

    @Test
    void commitsCleanPhaseWithEveryCheckDeclaredAndDecidesTheSameOnRedelivery() {
        // given
        TargetTable target = eventsTable();
        List<CheckDefinition> checks = List.of(
                check("schema", CheckType.SCHEMA_MATCH).build(),
                check("rows_vs_source", CheckType.ROW_COUNT_VS_SOURCE).build(),
                check("rows_vs_target", CheckType.ROW_COUNT_DELTA_VS_TARGET)
                        .tolerance(0.1)
                        .build(),
                check("customer_not_null", CheckType.NULL_RATE)
                        .columns("customer_id")
                        .build(),
                check("unique_id", CheckType.UNIQUE_KEY).columns("id").build(),
                check("customer_exists", CheckType.REFERENTIAL_INTEGRITY)
                        .columns("customer_id")
                        .reference(new TableRef(schema(), customers), "id")
                        .build(),
                check("time_bounds", CheckType.TIMESTAMP_BOUNDS).build(),
                check("amount_sum", CheckType.AGGREGATE_CHECKSUM)
                        .columns("amount")
                        .build(),
                check("shape", CheckType.ANOMALY).columns("amount").build(),
                check("no_negative_amounts", CheckType.CUSTOM_SQL)
                        .sql(stagedRowsWhere("amount < 0"))
                        .build());
        StagedPhase staged = stage(target, transformation(), checks, CLEAN, CORRUPT);

        // when
        GateVerdict first = evaluator.evaluate(staged);
        GateVerdict redelivered = evaluator.evaluate(staged);

        // then
        assertThat(first.decision()).isEqualTo(GateDecision.COMMIT);
        assertThat(first.outcomes())
                .filteredOn(o -> o.type() != CheckType.ANOMALY)
                .hasSize(1 + 8 * 2)
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(CheckStatus.PASS));
        assertThat(first.outcomes())
                .filteredOn(o -> o.type() == CheckType.ANOMALY)
                .hasSize(3 * 2)
                .allSatisfy(o -> {
                    assertThat(o.status()).isEqualTo(CheckStatus.WARN);
                    assertThat(o.detail()).isEqualTo("insufficient history (0 of 8)");
                });
        assertThat(first.summary()).isEqualTo("COMMIT: 17 of 23 outcomes passed, 6 warnings");
        assertThat(redelivered).isEqualTo(first);
    }

    @Test
    void rejectsWithErrorWhenCustomSqlNamesAMissingColumnWhileOtherChecksStillReport() {
        // given
        TargetTable target = eventsTable();
        List<CheckDefinition> checks = List.of(
                check("unique_id", CheckType.UNIQUE_KEY).columns("id").build(),
                check("broken_assertion", CheckType.CUSTOM_SQL)
                        .sql(stagedRowsWhere("no_such_column > 0"))
                        .build(),
                check("nulls_of_ghost", CheckType.NULL_RATE).columns("ghost").build(),
                check("customer_not_null", CheckType.NULL_RATE)
                        .columns("customer_id")
                        .build());
        StagedPhase staged = stage(target, transformation(), checks, CLEAN, CORRUPT);

        // when
        GateVerdict verdict = evaluator.evaluate(staged);

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(outcomesOf(verdict, "broken_assertion")).hasSize(2).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(o.detail()).startsWith("FATAL").containsIgnoringCase("no_such_column");
        });
        assertThat(outcomesOf(verdict, "nulls_of_ghost")).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(o.partitionKey()).isNull();
            assertThat(o.detail()).contains("'ghost' is not a column");
        });
        assertThat(outcomesOf(verdict, "unique_id"))
                .extracting(CheckOutcome::status)
                .containsExactly(CheckStatus.PASS, CheckStatus.PASS);
        assertThat(outcomesOf(verdict, "customer_not_null"))
                .extracting(CheckOutcome::status)
                .containsExactly(CheckStatus.PASS, CheckStatus.PASS);
        assertThat(verdict.summary())
                .startsWith("REJECT: 3 of 7 outcomes failed - broken_assertion [2026-03-01] ERROR");
    }

    @Test
    void rejectsWithErrorWhenACheckQueryTimesOut() {
        // given: a warehouse whose statements may run one second
        TargetTable target = eventsTable();
        Warehouse impatient =
                new Warehouse(connections::open, dialect(), settings().withStatementTimeout(Duration.ofSeconds(1)));
        GateEvaluator gate = evaluatorOn(impatient);
        List<CheckDefinition> checks = List.of(
                check("slow", CheckType.CUSTOM_SQL).sql(slowQuery()).build(),
                check("unique_id", CheckType.UNIQUE_KEY).columns("id").build());
        StagedPhase staged = stage(target, transformation(), checks, CLEAN);

        // when
        GateVerdict verdict = gate.evaluate(staged);

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(outcomesOf(verdict, "slow")).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(o.detail()).startsWith("TIMEOUT");
        });
        assertThat(outcomesOf(verdict, "unique_id"))
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(CheckStatus.PASS));
    }

    @Test
    void commitsWhenOnlyANonBlockingCheckFails() {
        // given
        TargetTable target = eventsTable();
        exec("UPDATE " + table(source) + " SET customer_id = NULL WHERE id = 13");
        List<CheckDefinition> checks = List.of(check("customer_not_null", CheckType.NULL_RATE)
                .columns("customer_id")
                .nonBlocking()
                .build());
        StagedPhase staged = stage(target, transformation(), checks, CLEAN, CORRUPT);

        // when
        GateVerdict verdict = evaluator.evaluate(staged);

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.COMMIT);
        assertThat(verdict.outcomes())
                .extracting(CheckOutcome::status)
                .containsExactly(CheckStatus.PASS, CheckStatus.WARN);
        assertThat(verdict.outcomes().get(1).detail()).startsWith("non-blocking check failed: over the limit");
    }

    // ---------------------------------------------------------------- one check each

    @Test
    void rejectsPhaseWhenStagedSchemaDriftsFromTarget() {
        // given: staged under the old schema, then the target gains a column
        TargetTable target = eventsTable();
        StagedPhase staged = stage(
                target,
                transformation(),
                List.of(check("schema", CheckType.SCHEMA_MATCH).build()),
                CLEAN);
        GateVerdict before = evaluator.evaluate(staged);

        // when
        exec("ALTER TABLE " + table(events) + " ADD COLUMN extra INTEGER");
        GateVerdict after = evaluator.evaluate(staged);

        // then
        assertThat(before.decision()).isEqualTo(GateDecision.COMMIT);
        assertThat(after.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(after.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(o.partitionKey()).isNull();
            assertThat(o.observed()).isEqualTo("column extra is missing in staging");
        });
    }

    @Test
    void rejectsPhaseWhenTransformationDropsSourceRows() {
        // given: the transformation inner-joins customers, and one source row of 2026-03-02 has an unknown one
        TargetTable target = eventsTable();
        exec("UPDATE " + table(source) + " SET customer_id = 99 WHERE id = 13");
        String dropsRows = "SELECT s.event_time, s.id, s.customer_id, s.amount * 2 AS amount, s.note FROM "
                + table(source) + " s JOIN " + table(customers) + " c ON c.id = s.customer_id"
                + " WHERE s.event_time >= :partition_start AND s.event_time < :partition_end";
        CheckDefinition rows = check("rows_vs_source", CheckType.ROW_COUNT_VS_SOURCE)
                .sql("SELECT * FROM " + table(source) + " WHERE " + BOUNDS)
                .build();

        // when
        GateVerdict verdict = evaluator.evaluate(stage(target, dropsRows, List.of(rows), CLEAN, CORRUPT));

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .satisfiesExactly(
                        clean -> {
                            assertThat(clean.status()).isEqualTo(CheckStatus.PASS);
                            assertThat(clean.observed()).isEqualTo("4");
                        },
                        corrupt -> {
                            assertThat(corrupt.status()).isEqualTo(CheckStatus.FAIL);
                            assertThat(corrupt.partitionKey()).isEqualTo(CORRUPT);
                            assertThat(corrupt.observed()).isEqualTo("3");
                            assertThat(corrupt.expected()).isEqualTo("4 exactly");
                            assertThat(corrupt.detail()).isEqualTo("relative difference 25% (-1 rows)");
                        });
    }

    @Test
    void rejectsPhaseWhenStagedRowCountShrinksAgainstTargetAndPassesNewPartitions() {
        // given: 2026-03-02 lost half its source rows; 2026-03-01 does not exist in the target yet
        TargetTable target = eventsTable();
        exec("DELETE FROM " + table(source) + " WHERE id IN (12, 13)");
        exec("DELETE FROM " + table(events) + " WHERE id BETWEEN 8 AND 11");
        CheckDefinition delta = check("rows_vs_target", CheckType.ROW_COUNT_DELTA_VS_TARGET)
                .tolerance(0.1)
                .build();

        // when
        GateVerdict verdict = evaluator.evaluate(stage(target, transformation(), List.of(delta), CLEAN, CORRUPT));

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .satisfiesExactly(
                        fresh -> {
                            assertThat(fresh.status()).isEqualTo(CheckStatus.PASS);
                            assertThat(fresh.detail()).startsWith("target partition is empty");
                        },
                        shrunk -> {
                            assertThat(shrunk.status()).isEqualTo(CheckStatus.FAIL);
                            assertThat(shrunk.observed()).isEqualTo("2");
                            assertThat(shrunk.expected()).isEqualTo("4 ± 10%");
                        });
    }

    @Test
    void rejectsPhaseWhenNullRateExceedsLimit() {
        // given
        TargetTable target = eventsTable();
        exec("UPDATE " + table(source) + " SET customer_id = NULL WHERE id = 13");
        CheckDefinition nulls = check("customer_not_null", CheckType.NULL_RATE)
                .columns("customer_id", "note")
                .threshold(0.1)
                .build();

        // when
        GateVerdict verdict = evaluator.evaluate(stage(target, transformation(), List.of(nulls), CLEAN, CORRUPT));

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .satisfiesExactly(
                        clean -> {
                            assertThat(clean.status()).isEqualTo(CheckStatus.PASS);
                            assertThat(clean.observed()).isEqualTo("customer_id=0 (0 of 4), note=0 (0 of 4)");
                        },
                        corrupt -> {
                            assertThat(corrupt.status()).isEqualTo(CheckStatus.FAIL);
                            assertThat(corrupt.observed()).isEqualTo("customer_id=0.25 (1 of 4), note=0 (0 of 4)");
                            assertThat(corrupt.detail()).isEqualTo("over the limit: customer_id 0.25 > 0.1");
                        });
    }

    @Test
    void rejectsPhaseWhenKeyIsDuplicated() {
        // given
        TargetTable target = eventsTable();
        exec("INSERT INTO " + table(source) + " SELECT * FROM " + table(source) + " WHERE id = 14");
        CheckDefinition unique =
                check("unique_id", CheckType.UNIQUE_KEY).columns("id").build();

        // when
        GateVerdict verdict = evaluator.evaluate(stage(target, transformation(), List.of(unique), CLEAN, CORRUPT));

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .extracting(CheckOutcome::status, CheckOutcome::observed)
                .containsExactly(tuple(CheckStatus.PASS, "0"), tuple(CheckStatus.FAIL, "1"));
    }

    @Test
    void rejectsPhaseWhenForeignKeysHaveNoDimensionRow() {
        // given
        TargetTable target = eventsTable();
        exec("UPDATE " + table(source) + " SET customer_id = 99 WHERE id IN (12, 15)");
        CheckDefinition ri = check("customer_exists", CheckType.REFERENTIAL_INTEGRITY)
                .columns("customer_id")
                .reference(new TableRef(schema(), customers), "id")
                .build();

        // when
        GateVerdict verdict = evaluator.evaluate(stage(target, transformation(), List.of(ri), CLEAN, CORRUPT));

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .satisfiesExactly(clean -> assertThat(clean.status()).isEqualTo(CheckStatus.PASS), corrupt -> {
                    assertThat(corrupt.status()).isEqualTo(CheckStatus.FAIL);
                    assertThat(corrupt.observed()).isEqualTo("2");
                });
    }

    @Test
    void rejectsPhaseWhenTimestampsLeaveTheirPartition() {
        // given: a time-zone bug shifts one row of 2026-03-02 by a day
        TargetTable target = eventsTable();
        String shifts = "SELECT CASE WHEN id = 14 THEN event_time + INTERVAL '1 day' ELSE event_time END AS event_time,"
                + " id, customer_id, amount * 2 AS amount, note FROM " + table(source) + " WHERE " + BOUNDS;
        CheckDefinition bounds = check("time_bounds", CheckType.TIMESTAMP_BOUNDS)
                .columns("event_time")
                .build();

        // when
        GateVerdict verdict = evaluator.evaluate(stage(target, shifts, List.of(bounds), CLEAN, CORRUPT));

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .extracting(CheckOutcome::status, CheckOutcome::observed)
                .containsExactly(tuple(CheckStatus.PASS, "0"), tuple(CheckStatus.FAIL, "1"));
    }

    @Test
    void rejectsPhaseWhenTimestampsAreInTheFuture() {
        // given: "now" is noon UTC on 2026-03-02, so that day's 18:00 Berlin row lies ahead
        TargetTable target = eventsTable();
        CheckDefinition bounds =
                check("time_bounds", CheckType.TIMESTAMP_BOUNDS).build();
        StagedPhase staged = stage(target, transformation(), List.of(bounds), CLEAN, CORRUPT);
        StagedPhase atNoon = new StagedPhase(
                staged.target(),
                staged.backfillId(),
                staged.phaseId(),
                staged.attempt(),
                staged.partitions(),
                staged.transformationSql(),
                staged.checks(),
                Instant.parse("2026-03-02T12:00:00Z"));

        // when
        GateVerdict verdict = evaluator.evaluate(atNoon);

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .extracting(CheckOutcome::status, CheckOutcome::observed)
                .containsExactly(tuple(CheckStatus.PASS, "0"), tuple(CheckStatus.FAIL, "1"));
    }

    @Test
    void rejectsPhaseWhenStagedSumDiffersFromSource() {
        // given: the transformation triples one amount of 2026-03-02 instead of doubling it
        TargetTable target = eventsTable();
        String wrongAmount = "SELECT event_time, id, customer_id,"
                + " CASE WHEN id = 13 THEN amount * 3 ELSE amount * 2 END AS amount, note FROM " + table(source)
                + " WHERE " + BOUNDS;
        CheckDefinition sum = check("amount_sum", CheckType.AGGREGATE_CHECKSUM)
                .columns("amount")
                .sql("SELECT amount * 2 AS amount FROM " + table(source) + " WHERE " + BOUNDS)
                .build();

        // when
        GateVerdict verdict = evaluator.evaluate(stage(target, wrongAmount, List.of(sum), CLEAN, CORRUPT));

        // then: 2026-03-01 sums 2*(8+9+10+11) = 76, 2026-03-02 should sum 108 but has 13 more
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .satisfiesExactly(
                        clean -> {
                            assertThat(clean.status()).isEqualTo(CheckStatus.PASS);
                            assertThat(new BigDecimal(clean.observed().substring("amount=".length())))
                                    .isEqualByComparingTo("76");
                        },
                        corrupt -> {
                            assertThat(corrupt.status()).isEqualTo(CheckStatus.FAIL);
                            assertThat(new BigDecimal(corrupt.observed().substring("amount=".length())))
                                    .isEqualByComparingTo("121");
                            assertThat(corrupt.detail()).startsWith("amount differs by 13");
                        });
    }

    @Test
    void rejectsPhaseWhenCustomAssertionFindsRows() {
        // given
        TargetTable target = eventsTable();
        exec("UPDATE " + table(source) + " SET amount = -5 WHERE id = 13");
        CheckDefinition assertion = check("no_negative_amounts", CheckType.CUSTOM_SQL)
                .sql("SELECT id, amount FROM " + stagingTable() + " WHERE " + BOUNDS + " AND amount < 0")
                .build();

        // when
        GateVerdict verdict = evaluator.evaluate(stage(target, transformation(), List.of(assertion), CLEAN, CORRUPT));

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.outcomes())
                .satisfiesExactly(clean -> assertThat(clean.status()).isEqualTo(CheckStatus.PASS), corrupt -> {
                    assertThat(corrupt.status()).isEqualTo(CheckStatus.FAIL);
                    assertThat(corrupt.observed()).isEqualTo("1 row(s)");
                    assertThat(corrupt.detail()).isEqualTo("offending rows: id=13, amount=-10.00");
                });
    }

    @Test
    void rejectsOutlierPartitionOnceEnoughHistoryIsRecorded() {
        // given: twelve committed days of history with 20-24 rows each, then a normal and a tripled day
        TargetTable target = varyingEventsTable();
        CheckDefinition shape =
                check("shape", CheckType.ANOMALY).columns("amount").build();
        StagedPhase first = stage(target, transformation(), List.of(shape), days("2026-02-01", "2026-02-13"));
        GateVerdict learning = evaluator.evaluate(first);
        int recorded = evaluator.recordCommitted(first, learning);
        String tripled = "SELECT s.event_time, s.id, s.customer_id, s.amount * 2 AS amount, s.note FROM "
                + table(source) + " s CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) x"
                + " WHERE s.event_time >= :partition_start AND s.event_time < :partition_end";

        // when
        GateVerdict normal = evaluator.evaluate(stage(target, transformation(), List.of(shape), "2026-02-13"));
        GateVerdict outlier = evaluator.evaluate(stage(target, tripled, List.of(shape), "2026-02-14"));

        // then
        assertThat(learning.decision()).isEqualTo(GateDecision.COMMIT);
        assertThat(learning.outcomes()).allSatisfy(o -> assertThat(o.status()).isEqualTo(CheckStatus.WARN));
        assertThat(recorded).isEqualTo(12 * 3);
        assertThat(normal.decision()).isEqualTo(GateDecision.COMMIT);
        assertThat(normal.outcomes())
                .extracting(CheckOutcome::method, CheckOutcome::status)
                .containsExactly(
                        tuple(Metrics.ROW_COUNT, CheckStatus.PASS),
                        tuple(Metrics.nullRate("amount"), CheckStatus.PASS),
                        tuple(Metrics.sum("amount"), CheckStatus.PASS));
        assertThat(outlier.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(outlier.outcomes())
                .satisfiesExactly(
                        rows -> {
                            assertThat(rows.status()).isEqualTo(CheckStatus.FAIL);
                            assertThat(rows.observed()).isEqualTo("66");
                            assertThat(rows.expected())
                                    .isEqualTo("|robust z| <= 3.5 around median 22 (sigma 1.4826 from MAD, n=12)");
                        },
                        nulls -> assertThat(nulls.status()).isEqualTo(CheckStatus.PASS),
                        sum -> assertThat(sum.status()).isEqualTo(CheckStatus.FAIL));
    }

    // ---------------------------------------------------------------- fixtures

    private static final String BOUNDS = "event_time >= :partition_start AND event_time < :partition_end";

    protected WarehouseSettings settings() {
        return new WarehouseSettings(schema(), Set.of(schema()), Duration.ofSeconds(30), 1);
    }

    private GateEvaluator evaluatorOn(Warehouse on) {
        return GateEvaluator.standard(on.checks(), history);
    }

    private static CheckDefinition.Builder check(String name, CheckType type) {
        return CheckDefinition.builder(name, type);
    }

    private List<CheckOutcome> outcomesOf(GateVerdict verdict, String check) {
        return verdict.outcomes().stream().filter(o -> o.name().equals(check)).toList();
    }

    /** Stages the days with {@code transformation} as a new phase and describes it for the gate. */
    private StagedPhase stage(TargetTable target, String transformation, List<CheckDefinition> checks, String... days) {
        return stage(
                target,
                transformation,
                checks,
                List.of(days).stream().map(GateChecksContractIT::day).toList());
    }

    private StagedPhase stage(
            TargetTable target, String transformation, List<CheckDefinition> checks, List<Partition> partitions) {
        String phaseId = phase + "-" + (++phases);
        partitions.forEach(p -> warehouse.stage(target, BACKFILL, phaseId, p, transformation));
        return new StagedPhase(target, BACKFILL, phaseId, 1, partitions, transformation, checks, AFTER_ALL_DATA);
    }

    private String transformation() {
        return "SELECT event_time, id, customer_id, amount * 2 AS amount, note FROM " + table(source) + " WHERE "
                + BOUNDS;
    }

    private String stagedRowsWhere(String condition) {
        return "SELECT * FROM " + stagingTable() + " WHERE " + BOUNDS + " AND " + condition;
    }

    /** The staging table holding staged rows, which custom assertions query. */
    private String stagingTable() {
        return new ControlNames(schema())
                .staging(new TableRef(schema(), events))
                .qualified();
    }

    private String table(String name) {
        return schema() + "." + name;
    }

    private TargetTable eventsTable() {
        createTables();
        List<Object[]> rows = new ArrayList<>();
        ZonedDateTime end = ZonedDateTime.of(2026, 3, 3, 0, 0, 0, 0, BERLIN);
        for (ZonedDateTime at = ZonedDateTime.of(2026, 2, 27, 0, 0, 0, 0, BERLIN);
                at.isBefore(end);
                at = at.plusHours(6)) {
            long id = rows.size();
            rows.add(row(at, id, id % 3, BigDecimal.valueOf(id)));
        }
        insert(events, rows);
        insert(source, rows);
        return describe();
    }

    /** Days 2026-02-01 to 02-15 with 20-24 rows each, spread over the day; amounts (id % 7) + 1. */
    private TargetTable varyingEventsTable() {
        createTables();
        List<Object[]> rows = new ArrayList<>();
        for (int d = 1; d <= 15; d++) {
            ZonedDateTime dayStart = ZonedDateTime.of(2026, 2, d, 0, 0, 0, 0, BERLIN);
            int perDay = 20 + (d * 3 % 5);
            for (int i = 0; i < perDay; i++) {
                long id = rows.size();
                rows.add(row(dayStart.plusSeconds(i * (86_400L / perDay)), id, id % 3, BigDecimal.valueOf(id % 7 + 1)));
            }
        }
        insert(source, rows);
        return describe();
    }

    private TargetTable describe() {
        TargetTable target = warehouse.describe(new TableRef(schema(), events), "event_time");
        warehouse.prepare(target);
        return target;
    }

    private static Object[] row(ZonedDateTime at, long id, long customer, BigDecimal amount) {
        return new Object[] {
            PartitionColumnKind.TIMESTAMPTZ.bindValue(at), id, customer, amount.setScale(2), "row " + id
        };
    }

    private void createTables() {
        for (String table : List.of(events, source)) {
            exec("CREATE TABLE " + table(table) + " (event_time TIMESTAMP WITH TIME ZONE NOT NULL, id BIGINT NOT NULL,"
                    + " customer_id BIGINT, amount DECIMAL(12,2), note VARCHAR(50))");
        }
        exec("CREATE TABLE " + table(customers) + " (id BIGINT NOT NULL)");
        exec("INSERT INTO " + table(customers) + " VALUES (0), (1), (2)");
    }

    private static Partition day(String key) {
        return Partition.parse(PartitionGrain.DAY, BERLIN, key);
    }

    private static List<Partition> days(String start, String endExclusive) {
        return PartitionRange.of(PartitionGrain.DAY, BERLIN.getId(), start, endExclusive)
                .partitions();
    }

    protected void exec(String sql) {
        try (Connection connection = connections.open();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void insert(String table, List<Object[]> rows) {
        try (Connection connection = connections.open();
                PreparedStatement statement =
                        connection.prepareStatement("INSERT INTO " + table(table) + " VALUES (?, ?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("insert into " + table, e);
        }
    }
}
