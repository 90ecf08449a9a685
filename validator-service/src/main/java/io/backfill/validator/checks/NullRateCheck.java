package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.warehouse.DataSet;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NULL_RATE: per partition, each listed column's NULLs as a fraction of the rows is at most the threshold
 * (default 0: no NULLs). One outcome per partition naming every column, so a decision holds one line per
 * check and partition; the detail names the columns over the limit. An empty partition has a rate of 0.
 */
public final class NullRateCheck implements GateCheck {

    static final String METHOD = "(COUNT(*) - COUNT(column)) / COUNT(*) of staged rows, per column";

    @Override
    public CheckType type() {
        return CheckType.NULL_RATE;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        List<String> columns = def.requireColumns("null-rate");
        double threshold = def.thresholdValue().orElse(0);
        for (String column : columns) {
            if (context.target().column(column).isEmpty()) {
                throw new IllegalArgumentException("check " + def.name() + ": column '" + column
                        + "' is not a column of " + context.target().table());
            }
        }
        return PerPartition.each(context, def, METHOD, partition -> {
            long rows = context.queries().rowCount(context.target(), DataSet.STAGED, partition);
            Map<String, Long> nulls = context.queries().nullCounts(context.target(), DataSet.STAGED, partition);
            List<String> observed = new ArrayList<>();
            List<String> over = new ArrayList<>();
            for (String column : columns) {
                long n = nulls.get(column);
                double rate = rows == 0 ? 0 : (double) n / rows;
                String text = column + "=" + rate(rate) + " (" + n + " of " + rows + ")";
                observed.add(text);
                if (rate > threshold) {
                    over.add(column + " " + rate(rate) + " > " + rate(threshold));
                }
            }
            return PerPartition.one(CheckOutcome.judge(
                    over.isEmpty(),
                    def,
                    partition.key(),
                    String.join(", ", observed),
                    "null rate <= " + rate(threshold) + " per column",
                    METHOD,
                    over.isEmpty() ? null : "over the limit: " + String.join(", ", over)));
        });
    }

    private static String rate(double fraction) {
        return new BigDecimal(fraction)
                .round(new MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }
}
