package io.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    static JsonNode status(String state, int staged, int published, String deadline) throws Exception {
        return JSON.readTree(
                """
                {"backfillId":"bf-1","state":"%s","requester":"ana","target":"analytics.daily_revenue",
                 "rolloutMode":"PUBLISH","problems":[],"queuedBehind":null,
                 "phases":[{"phaseId":"bf-1-p0","sequence":0,"state":"REJECTED","firstPartition":"2026-01-01",
                   "lastPartition":"2026-01-05","partitionCount":5,"partitionsStaged":5,"attempt":1,"rows":100,
                   "computeSeconds":1.5,"executorId":"executor-1","decision":"REJECT",
                   "failedChecks":["revenue-present"]}],
                 "partitionsTotal":10,"partitionsStaged":%d,"partitionsPublished":%d,"rowsWritten":100,
                 "computeSeconds":1.5,"deadline":%s,"projectedFinish":null,"alerts":["GATE_FAILED bf-1-p0"],
                 "updatedAt":"2026-11-24T11:59:00Z"}
                """.formatted(state, staged, published, deadline == null ? "null" : "\"" + deadline + "\""));
    }

    @Test
    void barShowsPublishedThenStagedThenRemaining() {
        assertThat(StatusFormat.bar(6, 12, 24)).isEqualTo("[######" + "======" + "-".repeat(12) + "]");
        assertThat(StatusFormat.bar(0, 0, 0)).isEqualTo("[" + "-".repeat(24) + "]");
        assertThat(StatusFormat.bar(10, 10, 10)).isEqualTo("[" + "#".repeat(24) + "]");
    }

    @Test
    void etaAtTheCurrentRateIsComparedWithTheDeadline() throws Exception {
        // 5 partitions left at 0.01 per second: 500 s from now, 12:08:20, after a 12:05 deadline
        JsonNode late = status("RUNNING", 5, 2, "2026-11-24T12:05:00Z");
        JsonNode onTime = status("RUNNING", 5, 2, "2026-11-24T13:00:00Z");

        assertThat(StatusFormat.eta(late, 5, 0.01, NOW)).isEqualTo("ETA 12:08:20Z (deadline 12:05:00Z, LATE by 3 min)");
        assertThat(StatusFormat.eta(onTime, 5, 0.01, NOW)).isEqualTo("ETA 12:08:20Z (deadline 13:00:00Z, on time)");
        assertThat(StatusFormat.eta(status("RUNNING", 0, 0, null), 10, 0, NOW)).isEqualTo("ETA unknown");
    }

    @Test
    void progressLineCarriesCountsRatePressureAndEta() throws Exception {
        String line = StatusFormat.progressLine(status("RUNNING", 5, 2, null), 0.5, 0.42, NOW);

        assertThat(line)
                .contains("RUNNING")
                .contains("published 2/10")
                .contains("staged 5/10")
                .contains("0.50 part/s")
                .contains("pressure 0.42")
                .contains("ETA 12:00:10Z");
        assertThat(StatusFormat.progressLine(status("RUNNING", 5, 2, null), 0, null, NOW))
                .contains("pressure n/a");
    }

    @Test
    void detailListsPhasesWithTheirGateAndFailedChecks() throws Exception {
        String detail = StatusFormat.detail(status("FAILED", 5, 0, "2026-11-24T13:00:00Z"));

        assertThat(detail)
                .contains("state             FAILED")
                .contains("deadline          2026-11-24 13:00:00Z")
                .contains("alerts:\n  - GATE_FAILED bf-1-p0")
                .contains("2026-01-01..2026-01-05 (5)")
                .contains("REJECT")
                .contains("revenue-present");
    }

    @Test
    void detailNamesTheThrottleReasonOnlyWhenThereIsOne() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode throttled =
                (com.fasterxml.jackson.databind.node.ObjectNode) status("RUNNING", 5, 0, null);
        throttled.put("throttleReason", "manual throttle 0.0 of the warehouse by alice until 12:10:00Z: incident");

        assertThat(StatusFormat.detail(throttled))
                .contains("throttled         manual throttle 0.0 of the warehouse by alice until 12:10:00Z: incident");
        assertThat(StatusFormat.detail(status("RUNNING", 5, 0, null))).doesNotContain("throttled");
    }

    @Test
    void tableHasOneLinePerBackfill() throws Exception {
        String table = StatusFormat.table(List.of(status("RUNNING", 5, 2, null), status("COMPLETED", 10, 10, null)));

        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().toList().get(0))
                .startsWith("BACKFILL")
                .contains("STATE")
                .contains("PUBLISHED");
        assertThat(table).contains("2/10").contains("10/10");
        assertThat(StatusFormat.table(List.of())).isEqualTo("No backfills yet.\n");
    }
}
