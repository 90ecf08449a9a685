package io.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backfill.cli.FakePlanner.Answer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdmissionCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakePlanner planner;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void startPlanner() throws Exception {
        planner = new FakePlanner();
        env.put("BACKFILL_PLANNER_URL", planner.url());
    }

    @AfterEach
    void stopPlanner() {
        planner.close();
    }

    private int run(String... args) {
        return BackfillCli.run(args, new PrintWriter(out), new PrintWriter(err), env, d -> {});
    }

    @Test
    void showPrintsTheSettingsAndEveryThrottleInForce() {
        planner.on("GET", "/warehouse/admission", new Answer(200, """
                {"warehouseId": "wh", "settings": {"targetLatencyRatio": 1.3, "peakTargetLatencyRatio": null,
                 "maxBudget": 2.0, "hardCeilingRatio": null, "changedBy": "olga", "reason": "close",
                 "changedAt": "2026-03-01T11:00:00Z"},
                 "throttles": [{"backfillId": null, "factor": 0.0, "expiresAt": "2026-03-01T12:10:00Z",
                   "changedBy": "alice", "reason": "incident 42"},
                  {"backfillId": "bf-1", "factor": 0.5, "expiresAt": "2026-03-01T12:30:00Z", "changedBy": "bob"}]}
                """));

        assertThat(run("--token", "t0k", "admission", "show")).isZero();

        assertThat(out.toString())
                .contains("Admission control of warehouse wh")
                .contains("settings: target 1.3, peak target as configured, max budget 2.0, ceiling as configured"
                        + " (by olga at 2026-03-01T11:00:00Z: close)")
                .contains("warehouse: factor 0.0 until 2026-03-01T12:10:00Z by alice: incident 42")
                .contains("backfill bf-1: factor 0.5 until 2026-03-01T12:30:00Z by bob");
        assertThat(planner.seen)
                .singleElement()
                .satisfies(s -> assertThat(s.authorization()).isEqualTo("Bearer t0k"));
    }

    @Test
    void setSendsOnlyTheGivenOverridesAsAPut() throws Exception {
        planner.on("PUT", "/warehouse/admission", new Answer(202, "{\"eventId\": \"e-set\"}"));

        int code = run(
                "--user",
                "operator:pw",
                "admission",
                "set",
                "--target-ratio",
                "1.2",
                "--max-budget",
                "2",
                "--reason",
                "quarter close");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Admission settings changed (event e-set)");
        JsonNode body = JSON.readTree(planner.seen.getFirst().body());
        assertThat(body.path("targetLatencyRatio").asDouble()).isEqualTo(1.2);
        assertThat(body.path("maxBudget").asDouble()).isEqualTo(2.0);
        assertThat(body.path("reason").asText()).isEqualTo("quarter close");
        assertThat(body.has("hardCeilingRatio")).isFalse();
        assertThat(body.has("peakTargetLatencyRatio")).isFalse();
    }

    @Test
    void aSettingThePlannerRefusesExitsTwoNamingTheField() {
        planner.on(
                "PUT",
                "/warehouse/admission",
                new Answer(400, "{\"problems\": [\"targetLatencyRatio: a latency ratio in (1, 10], not 0.9\"]}"));

        assertThat(run("--user", "operator:pw", "admission", "set", "--target-ratio", "0.9"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("targetLatencyRatio: a latency ratio in (1, 10]");
    }

    @Test
    void throttleSendsFactorTtlInSecondsAndReasonToTheWarehouseOrOneBackfill() throws Exception {
        planner.on(
                "POST",
                "/warehouse/throttle",
                new Answer(202, "{\"eventId\": \"e-w\", \"expiresAt\": \"2026-03-01T12:10:00Z\"}"));
        planner.on(
                "POST",
                "/backfills/bf-1/throttle",
                new Answer(202, "{\"eventId\": \"e-b\", \"expiresAt\": \"2026-03-01T14:00:00Z\"}"));

        assertThat(run("--user", "operator:pw", "throttle", "--factor", "0", "--ttl", "10m", "--reason", "incident"))
                .isZero();
        assertThat(run("--user", "operator:pw", "throttle", "--backfill", "bf-1", "--factor", "0.5", "--ttl", "PT2H"))
                .isZero();

        assertThat(out.toString())
                .contains("Throttled the warehouse to 0.0 until 2026-03-01T12:10:00Z (event e-w)")
                .contains("Throttled bf-1 to 0.5 until 2026-03-01T14:00:00Z (event e-b)");
        JsonNode warehouse = JSON.readTree(planner.seen.get(0).body());
        assertThat(warehouse.path("factor").asDouble()).isZero();
        assertThat(warehouse.path("ttl").asLong()).isEqualTo(600);
        assertThat(warehouse.path("reason").asText()).isEqualTo("incident");
        JsonNode backfill = JSON.readTree(planner.seen.get(1).body());
        assertThat(backfill.path("ttl").asLong()).isEqualTo(7200);
        assertThat(backfill.has("reason")).isFalse();
    }

    @Test
    void aThrottleNeedsAValidTtlBeforeCallingThePlanner() {
        assertThat(run("--user", "operator:pw", "throttle", "--factor", "0", "--ttl", "soon"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--ttl 'soon' is not a duration like 90s, 10m, 2h or PT10M");
        assertThat(run("--user", "operator:pw", "throttle", "--factor", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(planner.seen).isEmpty();
    }

    @Test
    void unthrottleDeletesTheWarehousesOrOneBackfillsThrottleAndANoneInForceExitsFour() {
        planner.on("DELETE", "/warehouse/throttle", new Answer(202, "{\"eventId\": \"e-u\"}"));
        planner.on(
                "DELETE",
                "/backfills/bf-1/throttle",
                new Answer(404, "{\"problems\": [\"no manual throttle in force on backfill bf-1\"]}"));

        assertThat(run("--user", "operator:pw", "unthrottle")).isZero();
        assertThat(run("--user", "operator:pw", "unthrottle", "--backfill", "bf-1"))
                .isEqualTo(ExitCodes.NOT_FOUND);

        assertThat(out.toString()).contains("Unthrottled the warehouse (event e-u)");
        assertThat(err.toString()).contains("no manual throttle in force on backfill bf-1");
    }

    @Test
    void aViewerIsToldThatThrottlesNeedTheOperatorRole() {
        planner.on("POST", "/warehouse/throttle", new Answer(403, ""));

        assertThat(run("--user", "viewer:pw", "throttle", "--factor", "0", "--ttl", "60"))
                .isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(err.toString()).contains("operator for").contains("throttles");
    }

    @Test
    void ttlsReadAsSeconds() {
        assertThat(AdmissionCommand.ttlSeconds("90")).isEqualTo(90);
        assertThat(AdmissionCommand.ttlSeconds("90s")).isEqualTo(90);
        assertThat(AdmissionCommand.ttlSeconds("10m")).isEqualTo(600);
        assertThat(AdmissionCommand.ttlSeconds("2h")).isEqualTo(7200);
        assertThat(AdmissionCommand.ttlSeconds("PT1H30M")).isEqualTo(5400);
    }
}
