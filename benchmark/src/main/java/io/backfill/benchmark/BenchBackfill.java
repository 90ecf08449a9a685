package io.backfill.benchmark;

import io.backfill.events.BackfillRequested;
import io.backfill.events.Budget;
import io.backfill.events.CheckSpec;
import io.backfill.events.CheckType;
import io.backfill.events.FailurePolicy;
import io.backfill.events.PartitionGrain;
import io.backfill.events.PartitionRange;
import io.backfill.events.Requester;
import io.backfill.events.RolloutMode;
import io.backfill.events.TableRef;
import io.backfill.events.WindowPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The request every scenario submits: recompute {@code mart.daily_store_sales} for a range of days
 * with the fixed transformation, in PUBLISH mode, gated by checks that read only the staged rows (the
 * validator is not paced by admission control, so checks that re-run the transformation against the
 * source would add unpaced load of their own and blur what the strategies do).
 */
final class BenchBackfill {

    private BenchBackfill() {}

    static BackfillRequested request(
            String label, LocalDate first, LocalDate endExclusive, int windowDays, Instant now) {
        return base(
                        label,
                        new TableRef(FactDataset.TARGET_SCHEMA, FactDataset.TARGET_TABLE),
                        FactDataset.PARTITION_COLUMN,
                        range(PartitionGrain.DAY, first.toString(), endExclusive.toString()),
                        FactDataset.transformationSql(windowDays),
                        now)
                .setChecks(checks())
                .build();
    }

    /** The coordinator-overhead probe's backfill: days of {@code mart.tiny_daily}, a few ms of SQL each. */
    static BackfillRequested tiny(String label, LocalDate first, LocalDate endExclusive, Instant now) {
        return base(
                        label,
                        new TableRef(FactDataset.TARGET_SCHEMA, ProbeTables.TINY_TARGET),
                        ProbeTables.TINY_COLUMN,
                        range(PartitionGrain.DAY, first.toString(), endExclusive.toString()),
                        ProbeTables.tinyTransformationSql(),
                        now)
                .setChecks(List.of(
                        check("same-columns", CheckType.SCHEMA_MATCH).build(),
                        check("rows-match-target", CheckType.ROW_COUNT_DELTA_VS_TARGET)
                                .setTolerance(0.0)
                                .build()))
                .build();
    }

    /** The planning probe's backfill: a DRY_RUN over {@code hours} hourly partitions. */
    static BackfillRequested hourlyDryRun(String label, LocalDate firstDay, int hours, Instant now) {
        String start = firstDay + "T00:00:00";
        String end = firstDay.atStartOfDay().plusHours(hours).toString();
        return base(
                        label,
                        new TableRef(FactDataset.TARGET_SCHEMA, ProbeTables.HOURLY_TARGET),
                        ProbeTables.HOURLY_COLUMN,
                        range(PartitionGrain.HOUR, start, end),
                        "SELECT CAST(:partition_start AS TIMESTAMP) AS event_hour, CAST(0 AS BIGINT) AS events"
                                + " WHERE CAST(:partition_end AS TIMESTAMP) > CAST(:partition_start AS TIMESTAMP)",
                        now)
                .setChecks(List.of(check("same-columns", CheckType.SCHEMA_MATCH).build()))
                .setRolloutMode(RolloutMode.DRY_RUN)
                .build();
    }

    private static PartitionRange range(PartitionGrain grain, String start, String end) {
        return PartitionRange.newBuilder()
                .setGrain(grain)
                .setStart(start)
                .setEnd(end)
                .setTimeZone("UTC")
                .build();
    }

    private static BackfillRequested.Builder base(
            String label, TableRef target, String column, PartitionRange range, String sql, Instant now) {
        String backfillId = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        return BackfillRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId)
                .setRequestedAt(now)
                .setRequester(Requester.newBuilder()
                        .setUser("benchmark")
                        .setSource("CLI")
                        .setReason("benchmark scenario " + label)
                        .build())
                .setWarehouseId(BenchStack.WAREHOUSE_ID)
                .setTarget(target)
                .setPartitionColumn(column)
                .setRange(range)
                .setTransformationSql(sql)
                .setPriority(50)
                .setBudget(Budget.newBuilder()
                        .setMaxConcurrentStatements(8)
                        .setMaxPhasesInFlight(4)
                        .build())
                .setWindows(WindowPolicy.newBuilder().build())
                .setRolloutMode(RolloutMode.PUBLISH)
                .setFailurePolicy(FailurePolicy.newBuilder()
                        .setMaxRetries(1)
                        .setRetryBackoffSeconds(1)
                        .build());
    }

    private static List<CheckSpec> checks() {
        return List.of(
                check("same-columns", CheckType.SCHEMA_MATCH).build(),
                check("one-row-per-store-day", CheckType.UNIQUE_KEY)
                        .setColumns(List.of("sale_date", "store_id"))
                        .build(),
                check("revenue-present", CheckType.NULL_RATE)
                        .setColumns(List.of("revenue", "revenue_window", "active_customers_window"))
                        .setThreshold(0.0)
                        .build(),
                check("rows-match-target", CheckType.ROW_COUNT_DELTA_VS_TARGET)
                        .setTolerance(0.0)
                        .build(),
                check("dates-in-partition", CheckType.TIMESTAMP_BOUNDS).build());
    }

    private static CheckSpec.Builder check(String name, CheckType type) {
        return CheckSpec.newBuilder().setName(name).setType(type);
    }
}
