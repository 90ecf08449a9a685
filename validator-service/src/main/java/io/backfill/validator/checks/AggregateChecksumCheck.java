package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.validator.domain.Tolerance;
import io.backfill.warehouse.DataSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * AGGREGATE_CHECKSUM: per partition, the sum of each listed measure column over the staged rows is within
 * the tolerance (default: exact) of the same sum over the source. Counts catch lost rows; sums catch wrong
 * values in rows that are all there (a doubled amount, a wrong currency). The source is the definition's
 * {@code sql} when given, else the transformation; the source-side sum comes from {@link SourceAggregates}.
 */
public final class AggregateChecksumCheck implements GateCheck {

    @Override
    public CheckType type() {
        return CheckType.AGGREGATE_CHECKSUM;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        List<String> columns = def.requireColumns("measure");
        Tolerance tolerance = Tolerance.of(def, Tolerance.EXACT);
        boolean ownQuery = def.sql() != null && !def.sql().isBlank();
        String sourceSql = ownQuery ? def.sql() : context.transformationSql();
        String method = "SUM(" + String.join("), SUM(", columns) + ") of staged rows vs the same over the "
                + (ownQuery ? "check's source query" : "transformation") + ": " + sourceSql;
        return PerPartition.each(context, def, method, partition -> {
            List<String> observed = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            List<String> off = new ArrayList<>();
            for (String column : columns) {
                BigDecimal staged = context.queries().sum(context.target(), DataSet.STAGED, partition, column);
                BigDecimal source = context.sourceAggregates().sum(context.target(), partition, sourceSql, column);
                observed.add(column + "=" + staged.toPlainString());
                expected.add(column + "=" + tolerance.describe(source.toPlainString()));
                if (!tolerance.allows(staged, source)) {
                    off.add(column + " differs by " + staged.subtract(source).toPlainString() + " ("
                            + Tolerance.percent(Tolerance.relativeDifference(staged, source)) + ")");
                }
            }
            return PerPartition.one(CheckOutcome.judge(
                    off.isEmpty(),
                    def,
                    partition.key(),
                    String.join(", ", observed),
                    String.join(", ", expected),
                    method,
                    off.isEmpty() ? null : String.join("; ", off)));
        });
    }
}
