package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.validator.domain.Tolerance;
import io.backfill.warehouse.DataSet;
import java.util.List;

/**
 * ROW_COUNT_VS_SOURCE: per partition, the staged row count is within the tolerance (default: exact) of
 * the source's. The source is the definition's {@code sql} when given (say, the raw source table, to catch
 * a transformation whose join drops rows), else the transformation itself, which catches staging that
 * lost rows or a source that changed under the backfill.
 */
public final class RowCountVsSourceCheck implements GateCheck {

    @Override
    public CheckType type() {
        return CheckType.ROW_COUNT_VS_SOURCE;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        Tolerance tolerance = Tolerance.of(def, Tolerance.EXACT);
        boolean ownQuery = def.sql() != null && !def.sql().isBlank();
        String sourceSql = ownQuery ? def.sql() : context.transformationSql();
        String method = "COUNT(*) of staged rows vs COUNT(*) of the "
                + (ownQuery ? "check's source query" : "transformation") + ": " + sourceSql;
        return PerPartition.each(context, def, method, partition -> {
            long staged = context.queries().rowCount(context.target(), DataSet.STAGED, partition);
            long source = context.queries().sourceCount(context.target(), partition, sourceSql);
            double difference = Tolerance.relativeDifference(staged, source);
            return PerPartition.one(CheckOutcome.judge(
                    tolerance.allows(staged, source),
                    def,
                    partition.key(),
                    Long.toString(staged),
                    tolerance.describe(source),
                    method,
                    "relative difference " + Tolerance.percent(difference) + " (" + (staged - source >= 0 ? "+" : "")
                            + (staged - source) + " rows)"));
        });
    }
}
