package io.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request files the README and deploy/ point people to stay readable and complete. */
class ExampleRequestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy");

    /** Every field of POST /backfills (the planner's RequestDocument). */
    private static final List<String> FIELDS = List.of(
            "backfillId",
            "requester",
            "warehouseId",
            "target",
            "partitionColumn",
            "range",
            "transformationSql",
            "priority",
            "deadline",
            "budget",
            "phaseBudget",
            "targetPhaseSeconds",
            "windows",
            "checks",
            "rolloutMode",
            "requireApproval",
            "failurePolicy",
            "dependsOn",
            "labels");

    @Test
    void theWorkedExampleShowsEveryFieldAndEveryCheckType() throws Exception {
        // given
        Path example = DEPLOY.resolve("examples/daily-revenue-fix.yaml");
        String text = java.nio.file.Files.readString(example);

        // when
        JsonNode request = RequestFile.read(example);

        // then every field is set or shown commented out, with its explanation
        for (String field : FIELDS) {
            assertThat(request.has(field) || text.contains("# " + field + ":"))
                    .as(field)
                    .isTrue();
        }
        List<String> types = new ArrayList<>();
        request.path("checks").forEach(c -> types.add(c.path("type").asText()));
        assertThat(types)
                .containsExactlyInAnyOrder(
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
        assertThat(request.path("transformationSql").asText()).contains(":partition_start", ":partition_end");
    }

    @Test
    void theRunnableSampleHasTheRequiredFields() {
        JsonNode request = RequestFile.read(DEPLOY.resolve("local-processes/sample-request.yaml"));

        assertThat(request.path("target").path("tableName").asText()).isEqualTo("daily_revenue");
        assertThat(request.path("range").path("grain").asText()).isEqualTo("DAY");
        assertThat(request.path("partitionColumn").asText()).isEqualTo("revenue_date");
        assertThat(request.path("transformationSql").asText()).contains(":partition_start");
    }
}
