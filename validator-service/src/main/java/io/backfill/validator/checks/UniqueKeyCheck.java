package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.warehouse.DataSet;
import java.util.List;

/**
 * UNIQUE_KEY: per partition, no two staged rows share the values of the key columns. Observed is the
 * number of rows beyond the first of each duplicated key, i.e. how many rows a deduplication would drop.
 */
public final class UniqueKeyCheck implements GateCheck {

    @Override
    public CheckType type() {
        return CheckType.UNIQUE_KEY;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        List<String> key = def.requireColumns("key");
        String method = "staged rows beyond the first per (" + String.join(", ", key) + ")";
        return PerPartition.each(context, def, method, partition -> {
            long duplicates = context.queries().duplicateRows(context.target(), DataSet.STAGED, partition, key);
            return PerPartition.one(CheckOutcome.judge(
                    duplicates == 0,
                    def,
                    partition.key(),
                    Long.toString(duplicates),
                    "0 duplicate rows",
                    method,
                    duplicates == 0 ? null : duplicates + " row(s) repeat a key"));
        });
    }
}
