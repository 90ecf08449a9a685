package io.backfill.planner.domain.validation;

import io.backfill.core.TableRef;
import io.backfill.planner.domain.Catalogue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a request's gate checks the way the validator will run them: a name unique in the request, a
 * known type, the columns each type needs (present in the target), tolerances and thresholds that are
 * numbers the check can compare with, and the reference table and SQL a check depends on. Every problem
 * names its field as {@code checks[i].field}. Never throws; catalogue questions are asked only of
 * well-formed names. The SQL text itself is parsed at the warehouse edge (named parameters), not here.
 */
public final class CheckValidator {

    /** Types whose checks need at least one column, and the role the validator gives it. */
    private static final Map<String, String> NEEDS_COLUMNS =
            Map.of("NULL_RATE", "null-rate", "UNIQUE_KEY", "key", "AGGREGATE_CHECKSUM", "measure");

    private static final Set<String> KNOWN = Set.of(
            "SCHEMA_MATCH",
            "ROW_COUNT_VS_SOURCE",
            "ROW_COUNT_DELTA_VS_TARGET",
            "NULL_RATE",
            "UNIQUE_KEY",
            "REFERENTIAL_INTEGRITY",
            "TIMESTAMP_BOUNDS",
            "AGGREGATE_CHECKSUM",
            "ANOMALY",
            "CUSTOM_SQL");

    /**
     * Every problem of {@code checks}; {@code target} is the request's table when it is known to exist (else
     * column existence is not asked), {@code catalogue} may be null (no catalogue questions at all).
     */
    public List<String> problems(List<CheckRequest> checks, TableRef target, Catalogue catalogue) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            CheckRequest check = checks.get(i);
            String at = "checks[" + i + "]";
            if (check == null) {
                problems.add(at + ": missing");
                continue;
            }
            if (check.name() == null || check.name().isBlank()) {
                problems.add(at + ".name: missing (decisions name every check)");
            } else {
                Integer earlier = names.putIfAbsent(check.name(), i);
                if (earlier != null) {
                    problems.add(at + ".name: '" + check.name() + "' is already the name of checks[" + earlier + "]");
                }
            }
            if (check.type() == null || !KNOWN.contains(check.type())) {
                problems.add(at + ".type: unknown check type '" + check.type() + "' (one of "
                        + String.join(", ", sorted()) + ")");
                continue;
            }
            checkColumns(check, at, target, catalogue, problems);
            checkNumbers(check, at, problems);
            if (check.type().equals("REFERENTIAL_INTEGRITY")) {
                checkReference(check, at, catalogue, problems);
            }
            if (check.type().equals("CUSTOM_SQL")
                    && (check.sql() == null || check.sql().isBlank())) {
                problems.add(at + ".sql: missing (a CUSTOM_SQL check is a query that must return no rows)");
            }
        }
        return List.copyOf(problems);
    }

    private static void checkColumns(
            CheckRequest check, String at, TableRef target, Catalogue catalogue, List<String> problems) {
        String type = check.type();
        int count = check.columns().size();
        if (NEEDS_COLUMNS.containsKey(type) && count == 0) {
            problems.add(
                    at + ".columns: a " + type + " check needs at least one " + NEEDS_COLUMNS.get(type) + " column");
        }
        if (type.equals("REFERENTIAL_INTEGRITY") && count != 1) {
            problems.add(
                    at + ".columns: a REFERENTIAL_INTEGRITY check needs exactly one foreign-key column, has " + count);
        }
        if (type.equals("TIMESTAMP_BOUNDS") && count > 1) {
            problems.add(at + ".columns: a TIMESTAMP_BOUNDS check takes one time column (none: the partition"
                    + " column), has " + count);
        }
        for (String column : check.columns()) {
            if (!wellFormed(column)) {
                problems.add(at + ".columns: '" + column + "' is not a plain identifier (letters, digits, '_')");
            } else if (target != null && catalogue != null && !catalogue.columnExists(target, column)) {
                problems.add(at + ".columns: column '" + column + "' does not exist in " + target.qualified());
            }
        }
    }

    private static void checkNumbers(CheckRequest check, String at, List<String> problems) {
        if (check.tolerance() != null && !(check.tolerance() >= 0 && Double.isFinite(check.tolerance()))) {
            problems.add(at + ".tolerance: must be a number >= 0, was " + check.tolerance());
        }
        if (check.threshold() != null && !(check.threshold() >= 0 && Double.isFinite(check.threshold()))) {
            problems.add(at + ".threshold: must be a number >= 0, was " + check.threshold());
        } else if (check.threshold() != null && check.type().equals("NULL_RATE") && check.threshold() > 1) {
            problems.add(at + ".threshold: a null rate is a fraction of the rows, at most 1, was " + check.threshold());
        }
    }

    private static void checkReference(CheckRequest check, String at, Catalogue catalogue, List<String> problems) {
        TableRef reference = null;
        if (check.referenceSchema() == null && check.referenceTable() == null) {
            problems.add(at + ".referenceTable: missing (the dimension table the key must be found in)");
        } else {
            try {
                reference = new TableRef(check.referenceSchema(), check.referenceTable());
            } catch (IllegalArgumentException e) {
                problems.add(at + ".referenceTable: " + e.getMessage());
            }
        }
        if (check.referenceColumn() == null || check.referenceColumn().isBlank()) {
            problems.add(at + ".referenceColumn: missing (the dimension table's key column)");
        } else if (!wellFormed(check.referenceColumn())) {
            problems.add(at + ".referenceColumn: '" + check.referenceColumn()
                    + "' is not a plain identifier (letters, digits, '_')");
        } else if (reference != null && catalogue != null) {
            if (!catalogue.tableExists(reference)) {
                problems.add(
                        at + ".referenceTable: table " + reference.qualified() + " does not exist in the warehouse");
            } else if (!catalogue.columnExists(reference, check.referenceColumn())) {
                problems.add(at + ".referenceColumn: column '" + check.referenceColumn() + "' does not exist in "
                        + reference.qualified());
            }
        }
    }

    private static boolean wellFormed(String name) {
        try {
            TableRef.requireIdentifier(name, "column");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> sorted() {
        return KNOWN.stream().sorted().toList();
    }
}
