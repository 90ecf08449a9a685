package io.backfill.planner.domain.testing;

import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.FailurePolicy;
import io.backfill.planner.domain.RolloutMode;
import io.backfill.planner.domain.window.WindowPolicy;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/** A valid request to start from; tests change only what they are about. */
public final class Specs {

    private Specs() {}

    public static BackfillSpec valid() {
        return new BackfillSpec(
                "bf-1",
                new TableRef("analytics", "daily_revenue"),
                "day",
                PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-03-01", "2026-04-01"),
                "select * from raw.orders where ts >= :partition_start and ts < :partition_end",
                10,
                Optional.empty(),
                new Budgets(4, 2.0, 36_000, 2),
                WindowPolicy.always(ZoneOffset.UTC),
                RolloutMode.PUBLISH,
                false,
                FailurePolicy.halt(),
                Set.of(),
                "alice");
    }
}
