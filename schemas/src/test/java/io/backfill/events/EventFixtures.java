package io.backfill.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Complete, valid example events for tests. */
public final class EventFixtures {

    private EventFixtures() {}

    public static BackfillRequested backfillRequested(String backfillId) {
        return BackfillRequested.newBuilder()
                .setEventId("evt-" + backfillId)
                .setBackfillId(backfillId)
                .setRequestedAt(Instant.parse("2026-11-24T10:15:30Z"))
                .setRequester(Requester.newBuilder()
                        .setUser("dana")
                        .setSource("CLI")
                        .setReason("fix currency conversion (JIRA-123)")
                        .build())
                .setWarehouseId("analytics-pg")
                .setTarget(new TableRef("analytics", "daily_revenue"))
                .setPartitionColumn("revenue_date")
                .setRange(PartitionRange.newBuilder()
                        .setGrain(PartitionGrain.DAY)
                        .setStart("2026-01-01")
                        .setEnd("2026-04-01")
                        .setTimeZone("Europe/Berlin")
                        .build())
                .setTransformationSql("SELECT order_date AS revenue_date, sum(amount) AS revenue FROM raw.orders"
                        + " WHERE order_date >= :partition_start AND order_date < :partition_end GROUP BY 1")
                .setPriority(70)
                .setDeadline(Instant.parse("2026-11-30T06:00:00Z"))
                .setBudget(Budget.newBuilder()
                        .setMaxConcurrentStatements(4)
                        .setMaxPhasesInFlight(2)
                        .build())
                .setWindows(WindowPolicy.newBuilder()
                        .setTimeZone("Europe/Berlin")
                        .setAllowed(List.of(TimeWindow.newBuilder()
                                .setDays(List.of("MONDAY", "TUESDAY"))
                                .setStart("22:00")
                                .setEnd("06:00")
                                .build()))
                        .setBlackoutDates(List.of("2026-12-24"))
                        .build())
                .setChecks(List.of(CheckSpec.newBuilder()
                        .setName("revenue-not-null")
                        .setType(CheckType.NULL_RATE)
                        .setColumns(List.of("revenue"))
                        .setThreshold(0.0)
                        .build()))
                .setRolloutMode(RolloutMode.CANARY)
                .setRequireApproval(true)
                .setFailurePolicy(FailurePolicy.newBuilder()
                        .setMaxRetries(2)
                        .setRetryBackoffSeconds(30)
                        .build())
                .setDependsOn(List.of("bf-orders-2026"))
                .setLabels(Map.of("team", "finance"))
                .build();
    }
}
