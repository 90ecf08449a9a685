package io.backfill.planner.warehouse;

import io.backfill.planner.domain.validation.CheckRequest;
import io.backfill.warehouse.sql.NamedSql;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a request's SQL with the same scanner executors and the validator will bind it with
 * ({@link NamedSql}), so SQL they would refuse (an unterminated quote or comment, a bare {@code ?}, a second
 * statement, a parameter nobody binds) is a rejection at intake instead of a failed phase. Says nothing about
 * whether the warehouse accepts the statement: that only running it can tell.
 */
final class SqlRules {

    /** The parameters every partition statement (staging, source queries, assertions) is bound with. */
    static final Set<String> BOUND = Set.of("partition_start", "partition_end");

    private SqlRules() {}

    static List<String> problems(String transformationSql, List<CheckRequest> checks) {
        List<String> problems = new ArrayList<>();
        if (transformationSql != null && !transformationSql.isBlank()) {
            read("transformationSql", transformationSql, problems);
        }
        for (int i = 0; i < checks.size(); i++) {
            CheckRequest check = checks.get(i);
            if (check != null && check.sql() != null && !check.sql().isBlank()) {
                read("checks[" + i + "].sql", check.sql(), problems);
            }
        }
        return problems;
    }

    private static void read(String field, String sql, List<String> problems) {
        try {
            Set<String> unknown = new LinkedHashSet<>(NamedSql.parse(sql).parameterNames());
            unknown.removeAll(BOUND);
            if (!unknown.isEmpty()) {
                problems.add(field + ": unknown parameter(s) :" + String.join(", :", unknown)
                        + " (only :partition_start and :partition_end are bound)");
            }
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + e.getMessage());
        }
    }
}
