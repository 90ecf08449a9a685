package io.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backfill.cli.FakePlanner.Answer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillCliTest {

    @TempDir
    Path dir;

    private FakePlanner planner;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Duration> sleeps = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void startPlanner() throws Exception {
        planner = new FakePlanner();
        env.put("BACKFILL_PLANNER_URL", planner.url());
        env.put("BACKFILL_USER", "ana:ana-pw");
    }

    @AfterEach
    void stopPlanner() {
        planner.close();
    }

    private int run(String... args) {
        return BackfillCli.run(args, new PrintWriter(out), new PrintWriter(err), env, sleeps::add);
    }

    private static String status(String state, int staged, int published) throws Exception {
        return StatusFormatTest.status(state, staged, published, null).toString();
    }

    private static String basic(String nameAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(nameAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void submitSendsTheYamlAsJsonSignedInAndClaimsNoRequesterOfItsOwn() throws Exception {
        // given
        planner.on("POST", "/backfills", new Answer(202, "{\"backfillId\":\"revenue-fix\",\"eventId\":\"e1\"}"));
        Path file = Files.writeString(dir.resolve("r.yaml"), "backfillId: revenue-fix\npriority: 70\n");

        // when
        int code = run("submit", file.toString());

        // then
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Submitted backfill revenue-fix");
        var sent = new ObjectMapper().readTree(planner.seen.get(0).body());
        assertThat(sent.path("priority").asInt()).isEqualTo(70);
        assertThat(sent.has("requester")).isFalse();
        assertThat(planner.seen.get(0).authorization()).isEqualTo(basic("ana:ana-pw"));
    }

    @Test
    void submitListsEveryProblemThePlannerNamesAndExitsTwo() throws Exception {
        // given
        planner.on(
                "POST",
                "/backfills",
                new Answer(
                        400, "{\"problems\":[\"target.tableName: missing\",\"range.grain: unknown value 'WEEK'\"]}"));
        Path file = Files.writeString(dir.resolve("r.json"), "{\"backfillId\":\"x\"}");

        // when
        int code = run("submit", file.toString());

        // then
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString())
                .contains("the planner refused the request (2 problems; fix them and submit again)")
                .contains("  - target.tableName: missing")
                .contains("  - range.grain: unknown value 'WEEK'");
    }

    @Test
    void submitOfABrokenFileNeverCallsThePlanner() throws Exception {
        Path file = Files.writeString(dir.resolve("r.yaml"), "a: [1, 2\n");

        int code = run("submit", file.toString());

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).startsWith("error: ").contains("YAML syntax error at line");
        assertThat(planner.seen).isEmpty();
    }

    @Test
    void unreachablePlannerExitsThreeNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        int code = run("--planner", "http://127.0.0.1:" + port, "status");

        assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).contains("cannot reach the planner at http://127.0.0.1:" + port);
    }

    @Test
    void plannerOptionAfterTheSubcommandWinsOverTheEnvironment() throws Exception {
        env.put("BACKFILL_PLANNER_URL", "http://127.0.0.1:1");
        planner.on("GET", "/backfills", new Answer(200, "[]"));

        int code = run("status", "--planner", planner.url());

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo("No backfills yet.\n");
    }

    @Test
    void statusOfAnUnknownBackfillExitsFour() {
        planner.on("GET", "/backfills/nope", new Answer(404, "{\"problems\":[\"no backfill nope\"]}"));

        int code = run("status", "nope");

        assertThat(code).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("no backfill nope");
    }

    @Test
    void statusShowsOneBackfillInDetailOrAsJson() throws Exception {
        planner.on("GET", "/backfills/bf-1", new Answer(200, status("RUNNING", 5, 2)));

        assertThat(run("status", "bf-1")).isZero();
        assertThat(out.toString()).contains("backfill          bf-1").contains("revenue-present");

        assertThat(run("status", "--json", "bf-1")).isZero();
        assertThat(out.toString()).contains("\"partitionsTotal\" : 10");
    }

    @Test
    void statusPagesThroughEveryPhaseAndEveryPartitionOfOne() throws Exception {
        planner.on("GET", "/backfills/bf-1", new Answer(200, """
                        {"backfillId":"bf-1","state":"RUNNING","partitionsTotal":3,"phaseCount":3,
                         "phaseStates":{"PLANNED":2,"RUNNING":1},"partitionStates":{"PLANNED":2,"STAGED":1},
                         "phasesOffset":0,"phasesNext":1,"phases":[%s]}""".formatted(phase(0, "RUNNING"))));
        planner.on(
                "GET",
                "/backfills/bf-1/phases",
                new Answer(200, """
                        {"backfillId":"bf-1","phaseCount":3,"offset":1,"next":2,"phases":[%s]}""".formatted(phase(1, "PLANNED"))),
                new Answer(200, """
                        {"backfillId":"bf-1","phaseCount":3,"offset":2,"next":null,"phases":[%s]}""".formatted(phase(2, "PLANNED"))));
        planner.on("GET", "/backfills/bf-1/phases/0/partitions", new Answer(200, """
                        {"backfillId":"bf-1","phaseId":"bf-1-p0","sequence":0,"partitionCount":1,"offset":0,
                         "next":null,"partitions":[{"partition":"2026-01-01T00","state":"STAGED","rows":7,
                         "computeSeconds":0.5,"durationMillis":480}]}"""));

        assertThat(run("status", "bf-1", "--phase-limit", "1", "--all-phases")).isZero();
        assertThat(out.toString())
                .contains("phases            3 (2 PLANNED, 1 RUNNING)")
                .contains("bf-1-p0")
                .contains("bf-1-p1")
                .contains("bf-1-p2")
                .contains("phases 2-2 of 3");
        assertThat(planner.seen)
                .extracting(FakePlanner.Seen::query)
                .contains("phaseOffset=0&phaseLimit=1", "offset=1&limit=1", "offset=2&limit=1");

        assertThat(run("status", "bf-1", "--partitions", "0")).isZero();
        assertThat(out.toString()).contains("2026-01-01T00").contains("480");
    }

    private static String phase(int sequence, String state) {
        return """
                {"phaseId":"bf-1-p%d","sequence":%d,"state":"%s","firstPartition":"2026-01-01T0%d",
                 "lastPartition":"2026-01-01T0%d","partitionCount":1,"partitionsStaged":0,"attempt":1,"rows":0,
                 "failedChecks":[]}""".formatted(sequence, sequence, state, sequence, sequence);
    }

    @Test
    void watchFollowsUntilCompletedAndExitsZero() throws Exception {
        planner.on(
                "GET",
                "/backfills/bf-1",
                new Answer(200, status("RUNNING", 2, 0)),
                new Answer(200, status("RUNNING", 6, 5)),
                new Answer(200, status("COMPLETED", 10, 10)));

        int code = run("watch", "bf-1", "--interval", "0.5");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("published 0/10")
                .contains("published 5/10")
                .contains("Backfill bf-1 ended COMPLETED: 10 of 10 partitions published");
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void watchShowsThePressureLatencyRatioAndBudgetThePlannersStatusCarriesWithoutAnExecutorUrl() throws Exception {
        String running = status("RUNNING", 2, 0)
                .replaceFirst(
                        "\\}$",
                        ",\"load\":{\"pressure\":0.42,\"latencyRatio\":1.35,\"admittedBudget\":0.75,"
                                + "\"sampledAt\":\"2026-03-01T10:00:00Z\"}}");
        planner.on("GET", "/backfills/bf-1", new Answer(200, running), new Answer(200, status("COMPLETED", 10, 10)));

        int code = run("watch", "bf-1");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("pressure 0.42  latency 1.35x  budget 0.75")
                .doesNotContain("pressure n/a  latency");
        assertThat(planner.seen).allSatisfy(seen -> assertThat(seen.path()).startsWith("/backfills/"));
    }

    @Test
    void historyPrintsEveryEventInOrderAsATableFollowingThePages() throws Exception {
        planner.on("GET", "/backfills/bf-1/history", new Answer(200, """
                        {"backfillId":"bf-1","total":3,"offset":0,"events":[
                         {"at":"2026-03-01T10:00:00Z","topic":"backfill-requests","type":"REQUESTED","who":"alice",
                          "phaseId":null,"partition":null,"summary":"alice requested PUBLISH of a.t","details":{}},
                         {"at":"2026-03-01T10:00:01Z","topic":"phase-progress","type":"STAGED","who":null,
                          "phaseId":"bf-1-p0","partition":"2026-01-01","summary":"staged 2026-01-01","details":{}}]}"""), new Answer(200, """
                        {"backfillId":"bf-1","total":3,"offset":2,"events":[
                         {"at":"2026-03-01T10:00:02Z","topic":"backfill-commands","type":"COMMAND","who":"bob",
                          "phaseId":null,"partition":null,"summary":"bob sent PAUSE","details":{"command":"PAUSE"}}]}"""));

        int code = run("history", "bf-1");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("History of bf-1: 3 events")
                .containsSubsequence(
                        "REQUESTED",
                        "alice",
                        "alice requested PUBLISH of a.t",
                        "STAGED",
                        "bf-1-p0 2026-01-01",
                        "staged 2026-01-01",
                        "COMMAND PAUSE",
                        "bob",
                        "bob sent PAUSE");
        assertThat(planner.seen)
                .extracting(FakePlanner.Seen::query)
                .containsExactly("offset=0&limit=1000", "offset=2&limit=1000");
    }

    @Test
    void historyAsJsonMergesThePagesAndAnUnknownBackfillExitsFour() throws Exception {
        planner.on("GET", "/backfills/bf-1/history", new Answer(200, """
                        {"backfillId":"bf-1","total":1,"offset":0,"events":[
                         {"at":"2026-03-01T10:00:00Z","topic":"backfill-alerts","type":"ALERT","who":null,
                          "phaseId":null,"partition":null,"summary":"WARNING LOAD_BREACH","details":{"alertType":"LOAD_BREACH"}}]}"""));

        assertThat(run("history", "bf-1", "--json")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"backfillId\":\"bf-1\"").contains("\"type\":\"ALERT\"");
        assertThat(run("history", "nope")).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void watchExitsOneWhenTheBackfillFails() throws Exception {
        planner.on("GET", "/backfills/bf-1", new Answer(200, status("FAILED", 5, 0)));

        int code = run("watch", "bf-1");

        assertThat(code).isEqualTo(ExitCodes.BACKFILL_ENDED_BADLY);
        assertThat(out.toString()).contains("ended FAILED").contains("failed checks:\n    - revenue-present");
    }

    @Test
    void watchWaitsForAJustSubmittedBackfillToAppear() throws Exception {
        planner.on(
                "GET",
                "/backfills/bf-1",
                new Answer(404, "{\"problems\":[\"no backfill bf-1\"]}"),
                new Answer(503, "{\"problems\":[\"status view is starting\"]}"),
                new Answer(200, status("COMPLETED", 10, 10)));

        assertThat(run("watch", "bf-1")).isEqualTo(ExitCodes.OK);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void commandsCarryTheCredentialsAndRollbackItsScope() {
        planner.on("POST", "/backfills/bf-1/pause", new Answer(202, "{\"eventId\":\"e-pause\"}"));
        planner.on("POST", "/backfills/bf-1/rollback", new Answer(202, "{\"eventId\":\"e-rb\"}"));

        assertThat(run("pause", "bf-1")).isZero();
        assertThat(run("rollback", "bf-1", "--partition", "2026-01-15")).isZero();
        assertThat(run("rollback", "bf-1", "--phase", "bf-1 p/2")).isZero();

        assertThat(out.toString()).contains("PAUSE sent for bf-1 (event e-pause)");
        assertThat(planner.seen).extracting(FakePlanner.Seen::authorization).containsOnly(basic("ana:ana-pw"));
        assertThat(planner.seen)
                .extracting(FakePlanner.Seen::query)
                .containsExactly(null, "partition=2026-01-15", "phaseId=bf-1%20p%2F2");
    }

    @Test
    void aCommandForAnUnknownBackfillExitsFourNamingIt() {
        planner.on("POST", "/backfills/nope/pause", new Answer(404, "{\"problems\":[\"no backfill nope\"]}"));

        int code = run("pause", "nope");

        assertThat(code).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("no backfill nope");
        assertThat(out.toString()).doesNotContain("sent");
    }

    @Test
    void aCommandTheStateRefusesExitsSixNamingTheState() {
        planner.on(
                "POST",
                "/backfills/bf-1/resume",
                new Answer(
                        409,
                        "{\"state\":\"RUNNING\",\"problems\":[\"cannot resume backfill bf-1 while it is RUNNING\"]}"));

        int code = run("resume", "bf-1");

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString())
                .contains("resume bf-1: refused (the backfill is RUNNING)")
                .contains("  - cannot resume backfill bf-1 while it is RUNNING");
        assertThat(out.toString()).doesNotContain("sent");
    }

    @Test
    void aTokenWinsOverAUserAndTheCommandLineOverTheEnvironment() {
        planner.on("GET", "/backfills", new Answer(200, "[]"));
        env.put("BACKFILL_TOKEN", "env.jwt.token");

        assertThat(run("status")).isZero();
        assertThat(run("status", "--user", "olga:olga-pw")).isZero();
        assertThat(run("--token", "flag.jwt.token", "status", "--user", "olga:olga-pw"))
                .isZero();
        env.remove("BACKFILL_TOKEN");
        assertThat(run("status")).isZero();

        assertThat(planner.seen)
                .extracting(FakePlanner.Seen::authorization)
                .containsExactly(
                        "Bearer env.jwt.token", basic("olga:olga-pw"), "Bearer flag.jwt.token", basic("ana:ana-pw"));
    }

    @Test
    void withoutCredentialsA401ExitsSevenSayingHowToSignIn() {
        env.remove("BACKFILL_USER");
        planner.on("POST", "/backfills/bf-1/pause", new Answer(401, ""));

        int code = run("pause", "bf-1");

        assertThat(code).isEqualTo(ExitCodes.NOT_SIGNED_IN);
        assertThat(planner.seen).extracting(FakePlanner.Seen::authorization).containsExactly((String) null);
        assertThat(err.toString())
                .contains("pause bf-1: not signed in")
                .contains("--token TOKEN (env BACKFILL_TOKEN) or --user NAME:PASSWORD (env BACKFILL_USER)");
    }

    @Test
    void credentialsThePlannerRefusesExitSevenNamingTheUserButNotThePassword() {
        planner.on("GET", "/backfills/bf-1", new Answer(401, ""));

        int code = run("status", "bf-1");

        assertThat(code).isEqualTo(ExitCodes.NOT_SIGNED_IN);
        assertThat(err.toString()).contains("did not accept user ana").doesNotContain("ana-pw");
    }

    @Test
    void aRoleThatDoesNotAllowItExitsEight() {
        planner.on("POST", "/backfills/bf-1/cancel", new Answer(403, ""));

        int code = run("cancel", "bf-1", "--token", "viewer.jwt.token");

        assertThat(code).isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(err.toString())
                .contains("cancel bf-1: forbidden: the token given lacks the role")
                .contains("operator for pause, resume, cancel, approve and rollback");
        assertThat(out.toString()).doesNotContain("sent");
    }

    @Test
    void aUserWithoutPasswordExitsTwoBeforeCallingThePlanner() {
        env.put("BACKFILL_USER", "ana");

        int code = run("status");

        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("BACKFILL_USER must be NAME:PASSWORD");
        assertThat(planner.seen).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("rollback", "bf-1", "--phase", "p", "--partition", "x")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("pause")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("frobnicate")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("--planner", "not a url", "status")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("mutually exclusive").contains("is not a URL");
        assertThat(planner.seen).isEmpty();
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("submit", "status", "watch", "pause", "resume", "cancel", "approve", "rollback")
                .contains("3  planner unreachable")
                .contains("6  refused")
                .contains("7  not signed in")
                .contains("8  forbidden");
    }
}
