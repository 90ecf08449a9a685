package io.backfill.planner.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.TableRef;
import io.backfill.planner.domain.Catalogue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckValidatorTest {

    private static final TableRef TARGET = new TableRef("analytics", "daily_revenue");

    /** analytics.daily_revenue (day, amount, customer_id) and analytics.customers (id). */
    private final Catalogue catalogue = new Catalogue() {
        private final Map<String, Set<String>> tables = Map.of(
                "analytics.daily_revenue", Set.of("day", "amount", "customer_id"),
                "analytics.customers", Set.of("id"));

        @Override
        public boolean tableExists(TableRef table) {
            return tables.containsKey(table.qualified());
        }

        @Override
        public boolean columnExists(TableRef table, String column) {
            return tables.getOrDefault(table.qualified(), Set.of()).contains(column);
        }
    };

    private final CheckValidator validator = new CheckValidator();

    @Test
    void acceptsChecksTheValidatorCanRun() {
        List<CheckRequest> checks = List.of(
                check("nulls", "NULL_RATE", List.of("amount"), null, 0.01),
                check("rows", "ROW_COUNT_VS_SOURCE", List.of(), 0.0, null),
                new CheckRequest(
                        "customers",
                        "REFERENTIAL_INTEGRITY",
                        List.of("customer_id"),
                        null,
                        null,
                        "analytics",
                        "customers",
                        "id",
                        null),
                new CheckRequest(
                        "none", "CUSTOM_SQL", List.of(), null, null, null, null, null, "select 1 where false"));

        assertThat(validator.problems(checks, TARGET, catalogue)).isEmpty();
    }

    @Test
    void namesEveryProblemOfEveryCheckByIndexAndField() {
        List<CheckRequest> checks = List.of(
                check("", "NULL_RATE", List.of(), null, 1.5),
                check("dup", "UNIQUE_KEY", List.of("no_such", "bad-name"), Double.NaN, null),
                check("dup", "UNKNOWN", List.of(), null, null),
                new CheckRequest("ri", "REFERENTIAL_INTEGRITY", List.of(), null, -1.0, "analytics", "nope", "id", null),
                new CheckRequest("sql", "CUSTOM_SQL", List.of(), null, null, null, null, null, " "),
                check("time", "TIMESTAMP_BOUNDS", List.of("day", "amount"), null, null));

        assertThat(validator.problems(checks, TARGET, catalogue))
                .containsExactly(
                        "checks[0].name: missing (decisions name every check)",
                        "checks[0].columns: a NULL_RATE check needs at least one null-rate column",
                        "checks[0].threshold: a null rate is a fraction of the rows, at most 1, was 1.5",
                        "checks[1].columns: column 'no_such' does not exist in analytics.daily_revenue",
                        "checks[1].columns: 'bad-name' is not a plain identifier (letters, digits, '_')",
                        "checks[1].tolerance: must be a number >= 0, was NaN",
                        "checks[2].name: 'dup' is already the name of checks[1]",
                        "checks[2].type: unknown check type 'UNKNOWN' (one of AGGREGATE_CHECKSUM, ANOMALY, CUSTOM_SQL,"
                                + " NULL_RATE, REFERENTIAL_INTEGRITY, ROW_COUNT_DELTA_VS_TARGET, ROW_COUNT_VS_SOURCE,"
                                + " SCHEMA_MATCH, TIMESTAMP_BOUNDS, UNIQUE_KEY)",
                        "checks[3].columns: a REFERENTIAL_INTEGRITY check needs exactly one foreign-key column, has 0",
                        "checks[3].threshold: must be a number >= 0, was -1.0",
                        "checks[3].referenceTable: table analytics.nope does not exist in the warehouse",
                        "checks[4].sql: missing (a CUSTOM_SQL check is a query that must return no rows)",
                        "checks[5].columns: a TIMESTAMP_BOUNDS check takes one time column (none: the partition"
                                + " column), has 2");
    }

    @Test
    void neverAsksTheCatalogueAboutMalformedReferenceNames() {
        Catalogue refusing = new Catalogue() {
            @Override
            public boolean tableExists(TableRef table) {
                throw new AssertionError("asked about " + table);
            }

            @Override
            public boolean columnExists(TableRef table, String column) {
                throw new AssertionError("asked about " + column);
            }
        };
        List<CheckRequest> checks = List.of(new CheckRequest(
                "ri", "REFERENTIAL_INTEGRITY", List.of("customer_id"), null, null, "x;drop", "t", "id", null));

        assertThat(validator.problems(checks, null, refusing))
                .singleElement()
                .asString()
                .startsWith("checks[0].referenceTable: invalid schema identifier 'x;drop'");
    }

    private static CheckRequest check(
            String name, String type, List<String> columns, Double tolerance, Double threshold) {
        return new CheckRequest(name, type, columns, tolerance, threshold, null, null, null, null);
    }
}
