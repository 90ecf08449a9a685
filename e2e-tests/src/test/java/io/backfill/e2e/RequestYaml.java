package io.backfill.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a backfill request as the YAML file a data engineer would hand to {@code backfill submit}, so the
 * tests exercise the CLI's YAML reading and the planner's JSON intake together.
 */
final class RequestYaml {

    private final String backfillId;
    private final String table;
    private String start = "2026-01-01";
    private String end = "2026-01-10";
    private String sql = Orders.CORRECT_SQL;
    private int maxPhasesInFlight = 4;
    private int maxRetries = 0;
    private String rolloutMode = "PUBLISH";
    private boolean requireApproval;
    private final List<String> checks = new ArrayList<>();

    private RequestYaml(String backfillId, String table) {
        this.backfillId = backfillId;
        this.table = table;
    }

    static RequestYaml backfill(String backfillId, String table) {
        return new RequestYaml(backfillId, table);
    }

    RequestYaml range(String startDay, String endDayExclusive) {
        this.start = startDay;
        this.end = endDayExclusive;
        return this;
    }

    RequestYaml sql(String transformation) {
        this.sql = transformation;
        return this;
    }

    RequestYaml maxPhasesInFlight(int phases) {
        this.maxPhasesInFlight = phases;
        return this;
    }

    /** CANARY: the first phase alone, the rest after its COMMIT and an APPROVE. */
    RequestYaml canaryAwaitingApproval() {
        this.rolloutMode = "CANARY";
        this.requireApproval = true;
        return this;
    }

    /** The gate every test uses unless it says otherwise: cheap checks that a correct result passes. */
    RequestYaml standardChecks() {
        checks.add("{name: same-columns, type: SCHEMA_MATCH}");
        checks.add("{name: revenue-present, type: NULL_RATE, columns: [revenue], threshold: 0.0}");
        checks.add("{name: one-row-per-store-day, type: UNIQUE_KEY, columns: [revenue_date, store_id]}");
        checks.add("{name: known-stores, type: REFERENTIAL_INTEGRITY, columns: [store_id],"
                + " referenceTable: {schemaName: raw, tableName: stores}, referenceColumn: store_id}");
        checks.add("{name: dates-in-partition, type: TIMESTAMP_BOUNDS}");
        return this;
    }

    /** Checks that re-run the transformation as the source: slow with a slow transformation. */
    RequestYaml sourceChecks() {
        checks.add("{name: rows-match-orders, type: ROW_COUNT_VS_SOURCE}");
        checks.add("{name: revenue-sum-matches, type: AGGREGATE_CHECKSUM, columns: [revenue], tolerance: 0.0001}");
        return this;
    }

    String text() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("backfillId: ").append(backfillId).append('\n');
        yaml.append("requester: {reason: revenue was summed in cents}\n");
        yaml.append("target: {schemaName: analytics, tableName: ").append(table).append("}\n");
        yaml.append("partitionColumn: revenue_date\n");
        yaml.append("range: {grain: DAY, start: ")
                .append(start)
                .append(", end: ")
                .append(end)
                .append(", timeZone: UTC}\n");
        yaml.append("transformationSql: >-\n  ").append(sql).append('\n');
        yaml.append("priority: 50\n");
        yaml.append("budget: {maxPhasesInFlight: ").append(maxPhasesInFlight).append("}\n");
        yaml.append("rolloutMode: ").append(rolloutMode).append('\n');
        yaml.append("requireApproval: ").append(requireApproval).append('\n');
        yaml.append("failurePolicy: {maxRetries: ").append(maxRetries).append(", retryBackoffSeconds: 1}\n");
        yaml.append("checks:\n");
        checks.forEach(c -> yaml.append("  - ").append(c).append('\n'));
        return yaml.toString();
    }

    /** Writes the file under target/e2e-requests and returns its path. */
    Path write() {
        try {
            Path folder = Files.createDirectories(Path.of("target", "e2e-requests"));
            return Files.writeString(folder.resolve(backfillId + ".yaml"), text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
