package io.backfill.planner.domain.validation;

import java.util.List;

/**
 * One gate check as a request declares it, read but not yet judged: the planner validates it before it
 * accepts a backfill, so a check the validator could never run is a rejection now, not a failed phase later.
 * Any field may be null or odd; {@link CheckValidator} says what is wrong with it.
 *
 * @param type the check type's name ({@code NULL_RATE}, ...); {@code UNKNOWN} for a type this planner does
 *     not know
 * @param referenceSchema schema of the dimension table of a REFERENTIAL_INTEGRITY check, as written (null: none)
 * @param referenceTable name of that table, as written
 */
public record CheckRequest(
        String name,
        String type,
        List<String> columns,
        Double tolerance,
        Double threshold,
        String referenceSchema,
        String referenceTable,
        String referenceColumn,
        String sql) {

    public CheckRequest {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
