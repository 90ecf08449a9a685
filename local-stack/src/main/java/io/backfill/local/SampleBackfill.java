package io.backfill.local;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The demo's request: recompute every day of {@code analytics.daily_revenue}, gated by the usual checks. */
public final class SampleBackfill {

    private SampleBackfill() {}

    public static BackfillRequested request(SampleDataset data, String warehouseId, Instant now) {
        String backfillId = "daily-revenue-fix-" + UUID.randomUUID().toString().substring(0, 8);
        return BackfillRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId)
                .setRequestedAt(now)
                .setRequester(Requester.newBuilder()
                        .setUser(System.getProperty("user.name", "demo"))
                        .setSource("CLI")
                        .setReason("revenue was summed in cents: recompute in currency units")
                        .build())
                .setWarehouseId(warehouseId)
                .setTarget(new TableRef(SampleDataset.TARGET_SCHEMA, SampleDataset.TARGET_TABLE))
                .setPartitionColumn(SampleDataset.PARTITION_COLUMN)
                .setRange(PartitionRange.newBuilder()
                        .setGrain(PartitionGrain.DAY)
                        .setStart(data.firstDay().toString())
                        .setEnd(data.endDay().toString())
                        .setTimeZone("UTC")
                        .build())
                .setTransformationSql(SampleDataset.TRANSFORMATION_SQL)
                .setPriority(50)
                .setDeadline(now.plus(Duration.ofHours(1)))
                .setBudget(Budget.newBuilder()
                        .setMaxConcurrentStatements(4)
                        .setMaxPhasesInFlight(3)
                        .build())
                .setTargetPhaseSeconds(3)
                .setWindows(WindowPolicy.newBuilder().build())
                .setChecks(checks())
                .setRolloutMode(RolloutMode.PUBLISH)
                .setFailurePolicy(FailurePolicy.newBuilder().setMaxRetries(1).build())
                .build();
    }

    static List<CheckSpec> checks() {
        return List.of(
                check("same-columns", CheckType.SCHEMA_MATCH).build(),
                check("rows-match-orders", CheckType.ROW_COUNT_VS_SOURCE).build(),
                check("rows-match-target", CheckType.ROW_COUNT_DELTA_VS_TARGET)
                        .setTolerance(0.0)
                        .build(),
                check("revenue-present", CheckType.NULL_RATE)
                        .setColumns(List.of("revenue"))
                        .setThreshold(0.0)
                        .build(),
                check("one-row-per-store-day", CheckType.UNIQUE_KEY)
                        .setColumns(List.of("revenue_date", "store_id"))
                        .build(),
                check("known-stores", CheckType.REFERENTIAL_INTEGRITY)
                        .setColumns(List.of("store_id"))
                        .setReferenceTable(new TableRef("raw", "stores"))
                        .setReferenceColumn("store_id")
                        .build(),
                check("dates-in-partition", CheckType.TIMESTAMP_BOUNDS).build(),
                check("revenue-sum-matches", CheckType.AGGREGATE_CHECKSUM)
                        .setColumns(List.of("revenue"))
                        .setTolerance(0.0001)
                        .build(),
                check("revenue-not-anomalous", CheckType.ANOMALY)
                        .setColumns(List.of("revenue"))
                        .setBlocking(false)
                        .build());
    }

    private static CheckSpec.Builder check(String name, CheckType type) {
        return CheckSpec.newBuilder().setName(name).setType(type);
    }
}
