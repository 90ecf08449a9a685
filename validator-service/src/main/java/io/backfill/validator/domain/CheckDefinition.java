package io.backfill.validator.domain;

import io.backfill.core.TableRef;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One gate check as a backfill request declares it; mirrors the Avro {@code CheckSpec} field by field so
 * the messaging layer maps one onto the other without logic. Which fields matter depends on the
 * {@link CheckType}: see each check class in {@code io.backfill.validator.checks}.
 *
 * @param name unique name of the check within the request, shown in decisions
 * @param type what the check measures
 * @param columns the columns the check looks at (null-rate columns, unique key, foreign key, timestamp
 *     column, summed measures)
 * @param tolerance allowed relative difference (0.01 = 1 %), or null for the check's default
 * @param threshold upper limit of the observed value (a null rate, an anomaly score), or null for the default
 * @param referenceTable dimension table of a REFERENTIAL_INTEGRITY check
 * @param referenceColumn key column of the dimension table
 * @param sql CUSTOM_SQL's assertion; for ROW_COUNT_VS_SOURCE and AGGREGATE_CHECKSUM an optional source
 *     query replacing the transformation
 * @param blocking when false a failure is reported as WARN and does not reject the phase
 */
public record CheckDefinition(
        String name,
        CheckType type,
        List<String> columns,
        Double tolerance,
        Double threshold,
        TableRef referenceTable,
        String referenceColumn,
        String sql,
        boolean blocking) {

    public CheckDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a check needs a name");
        }
        Objects.requireNonNull(type, "type");
        columns = columns == null ? List.of() : List.copyOf(columns);
        if (tolerance != null && !(tolerance >= 0)) {
            throw new IllegalArgumentException("check " + name + ": tolerance must be >= 0, was " + tolerance);
        }
        if (threshold != null && !(threshold >= 0)) {
            throw new IllegalArgumentException("check " + name + ": threshold must be >= 0, was " + threshold);
        }
    }

    /** Starts a blocking definition with no optional field set. */
    public static Builder builder(String name, CheckType type) {
        return new Builder(name, type);
    }

    public OptionalDouble toleranceValue() {
        return tolerance == null ? OptionalDouble.empty() : OptionalDouble.of(tolerance);
    }

    public OptionalDouble thresholdValue() {
        return threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold);
    }

    /** The single column a check of this type needs, or an error naming the check when it has none. */
    public String requireSingleColumn(String role) {
        if (columns.size() != 1) {
            throw new IllegalArgumentException(
                    "check " + name + " (" + type + ") needs exactly one " + role + " column, has " + columns);
        }
        return columns.get(0);
    }

    /** The columns, or an error naming the check when it lists none. */
    public List<String> requireColumns(String role) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(
                    "check " + name + " (" + type + ") needs at least one " + role + " column");
        }
        return columns;
    }

    /** Fluent construction for callers and tests; the record's constructor still validates. */
    public static final class Builder {
        private final String name;
        private final CheckType type;
        private List<String> columns = List.of();
        private Double tolerance;
        private Double threshold;
        private TableRef referenceTable;
        private String referenceColumn;
        private String sql;
        private boolean blocking = true;

        private Builder(String name, CheckType type) {
            this.name = name;
            this.type = type;
        }

        public Builder columns(String... columns) {
            this.columns = List.of(columns);
            return this;
        }

        public Builder tolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder reference(TableRef table, String column) {
            this.referenceTable = table;
            this.referenceColumn = column;
            return this;
        }

        public Builder sql(String sql) {
            this.sql = sql;
            return this;
        }

        public Builder nonBlocking() {
            this.blocking = false;
            return this;
        }

        public CheckDefinition build() {
            return new CheckDefinition(
                    name, type, columns, tolerance, threshold, referenceTable, referenceColumn, sql, blocking);
        }
    }
}
