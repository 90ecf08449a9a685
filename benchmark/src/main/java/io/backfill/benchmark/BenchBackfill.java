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
        String backfillId = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        return BackfillRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId)
                .setRequestedAt(now)
                .setRequester(Requester.newBuilder()
                        .setUser("benchmark")
                        .setSource("CLI")
                        .setReason("contention benchmark scenario " + label)
                        .build())
                .setWarehouseId(BenchStack.WAREHOUSE_ID)
                .setTarget(new TableRef(FactDataset.TARGET_SCHEMA, FactDataset.TARGET_TABLE))
                .setPartitionColumn(FactDataset.PARTITION_COLUMN)
                .setRange(PartitionRange.newBuilder()
                        .setGrain(PartitionGrain.DAY)
                        .setStart(first.toString())
                        .setEnd(endExclusive.toString())
                        .setTimeZone("UTC")
                        .build())
                .setTransformationSql(FactDataset.transformationSql(windowDays))
                .setPriority(50)
                .setBudget(Budget.newBuilder()
                        .setMaxConcurrentStatements(8)
                        .setMaxPhasesInFlight(4)
                        .build())
                .setWindows(WindowPolicy.newBuilder().build())
                .setChecks(checks())
                .setRolloutMode(RolloutMode.PUBLISH)
                .setFailurePolicy(FailurePolicy.newBuilder()
                        .setMaxRetries(1)
                        .setRetryBackoffSeconds(1)
                        .build())
                .build();
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
