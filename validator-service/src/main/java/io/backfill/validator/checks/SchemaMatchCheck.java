package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import java.util.List;

/**
 * SCHEMA_MATCH: the staging table's columns have the target's names, types and nullability. One
 * outcome for the whole phase, because staging has one schema for all partitions. A drift means the
 * publish would fail half-way or silently coerce values, so the phase must not go out.
 */
public final class SchemaMatchCheck implements GateCheck {

    static final String METHOD = "catalogue columns of staging table vs target (names, types, nullability)";

    @Override
    public CheckType type() {
        return CheckType.SCHEMA_MATCH;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        List<String> differences = context.queries().schemaDifferences(context.target());
        String observed = differences.isEmpty() ? "no differences" : String.join("; ", differences);
        String detail = differences.isEmpty() ? null : differences.size() + " difference(s)";
        return List.of(CheckOutcome.judge(
                differences.isEmpty(), def, null, observed, "staging columns equal the target's", METHOD, detail));
    }
}
