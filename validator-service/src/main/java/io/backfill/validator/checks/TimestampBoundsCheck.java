package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.warehouse.DataSet;
import java.time.Instant;
import java.util.List;

/**
 * TIMESTAMP_BOUNDS: per partition, no staged row has its time column NULL, outside the partition's
 * {@code [start, end)} or after "now". The column is the listed one, or the partition column when none is
 * listed. Rows outside their partition would be published into the wrong partition's history; rows in the
 * future are a clock or time-zone bug. "Now" is the context clock's, fixed per evaluation so a redelivered
 * phase gets the same answer.
 */
public final class TimestampBoundsCheck implements GateCheck {

    @Override
    public CheckType type() {
        return CheckType.TIMESTAMP_BOUNDS;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        String column = def.columns().isEmpty() ? context.target().partitionColumn() : def.requireSingleColumn("time");
        Instant now = context.clock().instant();
        String method = "staged rows whose " + column + " is NULL, outside [partition start, end) or after " + now;
        return PerPartition.each(context, def, method, partition -> {
            long outside =
                    context.queries().timestampsOutOfBounds(context.target(), DataSet.STAGED, partition, column, now);
            return PerPartition.one(CheckOutcome.judge(
                    outside == 0,
                    def,
                    partition.key(),
                    Long.toString(outside),
                    "0 rows outside [" + partition.start().toOffsetDateTime() + ", "
                            + partition.end().toOffsetDateTime() + ") or after " + now,
                    method,
                    outside == 0 ? null : outside + " row(s) NULL, out of the partition or in the future"));
        });
    }
}
