package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.warehouse.DataSet;
import java.util.List;

/**
 * REFERENTIAL_INTEGRITY: per partition, every non-null value of the (single) listed column exists in
 * {@code referenceTable.referenceColumn}. NULL keys are left to a NULL_RATE check, as SQL foreign keys do.
 */
public final class ReferentialIntegrityCheck implements GateCheck {

    @Override
    public CheckType type() {
        return CheckType.REFERENTIAL_INTEGRITY;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        String column = def.requireSingleColumn("foreign-key");
        if (def.referenceTable() == null || def.referenceColumn() == null) {
            throw new IllegalArgumentException(
                    "check " + def.name() + " (" + def.type() + ") needs a reference table and column");
        }
        String method = "staged rows whose non-null " + column + " has no match in " + def.referenceTable() + "."
                + def.referenceColumn();
        return PerPartition.each(context, def, method, partition -> {
            long orphans = context.queries()
                    .orphans(
                            context.target(),
                            DataSet.STAGED,
                            partition,
                            column,
                            def.referenceTable(),
                            def.referenceColumn());
            return PerPartition.one(CheckOutcome.judge(
                    orphans == 0,
                    def,
                    partition.key(),
                    Long.toString(orphans),
                    "0 orphan rows",
                    method,
                    orphans == 0 ? null : orphans + " row(s) reference a missing " + def.referenceTable()));
        });
    }
}
