package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.warehouse.AssertionResult;
import java.util.List;

/**
 * CUSTOM_SQL: per partition, the definition's query (with {@code :partition_start} and
 * {@code :partition_end} bound to the partition) returns no row. A failure lists the first few offending
 * rows so whoever reads the decision sees what broke without re-running anything.
 */
public final class CustomSqlCheck implements GateCheck {

    /** How many offending rows a failed assertion shows. */
    static final int SAMPLE_ROWS = 5;

    @Override
    public CheckType type() {
        return CheckType.CUSTOM_SQL;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        if (def.sql() == null || def.sql().isBlank()) {
            throw new IllegalArgumentException("check " + def.name() + " (CUSTOM_SQL) has no sql");
        }
        String method = def.sql();
        return PerPartition.each(context, def, method, partition -> {
            AssertionResult result = context.queries().assertion(context.target(), partition, def.sql(), SAMPLE_ROWS);
            int shown = result.offendingRows().size();
            String observed =
                    result.passed() ? "0 rows" : (shown >= SAMPLE_ROWS ? "at least " + shown : shown) + " row(s)";
            return PerPartition.one(CheckOutcome.judge(
                    result.passed(),
                    def,
                    partition.key(),
                    observed,
                    "0 rows",
                    method,
                    result.passed() ? null : "offending rows: " + String.join(" | ", result.offendingRows())));
        });
    }
}
