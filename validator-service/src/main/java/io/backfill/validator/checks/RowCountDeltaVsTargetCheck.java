package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.validator.domain.Tolerance;
import io.backfill.warehouse.DataSet;
import java.util.List;

/**
 * ROW_COUNT_DELTA_VS_TARGET: per partition, the staged row count is within the tolerance (default: exact,
 * so declare one when the fix is meant to change counts) of what the target partition holds now. It
 * catches a backfill that would silently shrink or bloat published history. A target partition that is
 * still empty has nothing to compare with, so it passes with a note: filling new partitions is what
 * backfills are for.
 */
public final class RowCountDeltaVsTargetCheck implements GateCheck {

    static final String METHOD = "COUNT(*) of staged rows vs COUNT(*) of the target partition";

    @Override
    public CheckType type() {
        return CheckType.ROW_COUNT_DELTA_VS_TARGET;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        Tolerance tolerance = Tolerance.of(def, Tolerance.EXACT);
        return PerPartition.each(context, def, METHOD, partition -> {
            long staged = context.queries().rowCount(context.target(), DataSet.STAGED, partition);
            long current = context.queries().rowCount(context.target(), DataSet.TARGET, partition);
            if (current == 0) {
                return PerPartition.one(CheckOutcome.pass(
                        def,
                        partition.key(),
                        Long.toString(staged),
                        tolerance.describe(0L),
                        METHOD,
                        "target partition is empty: a new partition, nothing to compare with"));
            }
            double difference = Tolerance.relativeDifference(staged, current);
            return PerPartition.one(CheckOutcome.judge(
                    tolerance.allows(staged, current),
                    def,
                    partition.key(),
                    Long.toString(staged),
                    tolerance.describe(current),
                    METHOD,
                    "relative difference " + Tolerance.percent(difference) + " (" + (staged - current >= 0 ? "+" : "")
                            + (staged - current) + " rows vs target)"));
        });
    }
}
