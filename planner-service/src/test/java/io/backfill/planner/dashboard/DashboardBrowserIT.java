package io.backfill.planner.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.backfill.events.CheckResult;
import io.backfill.events.CheckStatus;
import io.backfill.events.CheckType;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.LoadSample;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseCommandType;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicReplay;
import io.backfill.planner.messaging.Events;
import io.backfill.testsupport.quarkus.JwtTestResource;
import io.backfill.testsupport.quarkus.KafkaAndRegistryTestResource;
import io.backfill.testsupport.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real browser: Debian's {@code chromium}, headless, driven by {@code chromium-driver}
 * through Selenium, against the real planner (real broker, registry and PostgreSQL) with a running
 * backfill. This test plays the executors and the validator by publishing their events, as the planner's
 * other ITs do. The page is loaded once per test: everything after that must arrive through its
 * server-sent events. Each test saves screenshots under {@code target/dashboard-screenshots/}.
 */
@QuarkusTest
@WithTestResource(KafkaAndRegistryTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(JwtTestResource.class)
class DashboardBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

    @ConfigProperty(name = "test-support.postgres.schema")
    String schema;

    @ConfigProperty(name = "backfill.warehouse.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "backfill.registry.url")
    String registryUrl;

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws Exception {
        profile = Files.createTempDirectory("dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1440,1900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromium.driver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void heatmapCellsChangeStateLiveAndPauseLeadsToPaused() throws Exception {
        // given: a running PUBLISH backfill of 60 daily partitions in phases of 5, three in flight
        String id = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        String table = dailyTable(id, LocalDate.parse("2026-01-01"), 60, 10_000);
        submit(id, """
                {"backfillId": "%s", "requester": {"user": "alice", "reason": "fix revenue rounding"},
                 "target": {"schemaName": "%s", "tableName": "%s"},
                 "partitionColumn": "sale_date",
                 "range": {"grain": "DAY", "start": "2026-01-01", "end": "2026-03-02"},
                 "transformationSql": "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end",
                 "deadline": "%s", "targetPhaseSeconds": 1,
                 "budget": {"maxPhasesInFlight": 3, "maxConcurrentStatements": 2},
                 "rolloutMode": "PUBLISH"}
                """.formatted(id, schema, table, Instant.now().plus(2, ChronoUnit.DAYS)));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> asViewer()
                        .get("/backfills/" + id)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("RUNNING"))
                        .body("phaseStates.RELEASED", equalTo(3)));
        int phaseCount = asViewer().get("/backfills/" + id).then().extract().path("phaseCount");
        assertThat(phaseCount).as("phases of about five partitions").isGreaterThan(3);

        // when: the page is opened once
        browser.get(dashboard + "#/backfill/" + id);
        signIn("viewer", "viewer-pw");
        ((JavascriptExecutor) browser).executeScript("window.__loadedOnce = true");
        await().atMost(Duration.ofSeconds(30)).until(() -> cellStates().size() == 60);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("live")).getText().equals("live"));

        // then: the released phases' partitions are running, the rest planned
        List<String> before = cellStates();
        assertThat(before.get(0)).isEqualTo("RUNNING");
        assertThat(before.get(59)).isEqualTo("PLANNED");
        assertThat(browser.findElement(By.cssSelector("#backfills tr[data-id='" + id + "']"))
                        .getText())
                .contains("RUNNING", "to spare");

        // when: executors stage the first phase and half the second; the validator passes the first
        // with every check's values, the planner publishes it
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, new RegistrySettings(registryUrl, true), "dash-it");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            Events events = new Events(publisher);
            List<String> first = partitions(id, 0);
            List<String> second = partitions(id, 1);
            events.progress(id, id + "-p0", 1, PhaseProgressType.STARTED, null);
            events.progress(id, id + "-p1", 1, PhaseProgressType.STARTED, null);
            for (String p : first) {
                events.partitionStaged(id, id + "-p0", 1, p, 10_000, 1_800, 1.7);
            }
            for (String p : second.subList(0, 2)) {
                events.partitionStaged(id, id + "-p1", 1, p, 10_000, 2_100, 2.0);
            }

            // and the load sampler reports the warehouse's load and this executor's admitted budget
            for (int i = 0; i < 8; i++) {
                publisher.publishAndWait(
                        Topics.WAREHOUSE_LOAD,
                        "quarkus-test",
                        LoadSample.newBuilder()
                                .setWarehouseId("quarkus-test")
                                .setSampledAt(Instant.now())
                                .setPressure(0.30 + 0.05 * i)
                                .setCanaryLatencyMillis(10.0 + i)
                                .setCanaryBaselineMillis(10.0)
                                .setAdmittedBudget(0.5 + 0.25 * (i / 2))
                                .build());
                Thread.sleep(200); // spread in time, as a sampler sends them
            }

            // then: without a reload, those cells turn STAGED
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> states = cellStates();
                assertThat(states.subList(0, first.size())).containsOnly("STAGED");
                assertThat(states.subList(first.size(), first.size() + 2)).containsOnly("STAGED");
                assertThat(states.get(first.size() + 2)).isEqualTo("RUNNING");
            });

            events.progress(id, id + "-p0", 1, PhaseProgressType.STAGED, null);
            publisher.publishAndWait(Topics.GATE_DECISIONS, id, passingDecision(id, id + "-p0", first));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            asViewer().get("/backfills/" + id).then().body("phases[0].state", equalTo("PUBLISHING")));
            events.progress(id, id + "-p0", 1, PhaseProgressType.PUBLISHED, null);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(cellStates().subList(0, first.size())).containsOnly("PUBLISHED"));
            // the phase table shows the gate's checks with observed and expected values
            browser.findElement(By.cssSelector("button[data-toggle='" + id + "-p0']"))
                    .click();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("phases")).getText())
                            .contains("row_count", "10000", "10000 ± 1%", "null_rate", "0.0", "≤ 0.01"));
            // hovering a cell names its partition, rows, executor, attempt and gate
            new Actions(browser)
                    .moveToElement(browser.findElement(By.cssSelector("#heatmap rect[data-index='0']")))
                    .perform();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("tooltip")).getText())
                            .contains(first.get(0), "10,000", "executor-test", "attempt", "COMMIT"));
            // the partitions-per-second timeline has points (one every 5 s)
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> asViewer()
                            .get("/dashboard/api/backfills/" + id + "/throughput")
                            .then()
                            .body("points.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(4)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> browser.findElements(By.cssSelector("#rate-chart circle"))
                                    .size()
                            >= 3);
            // and the load timeline and the audit history show what the planner read from the topics
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> browser.findElements(By.cssSelector("#load-chart path[data-series='pressure']"))
                                    .size()
                            == 1);
            assertThat(browser.findElement(By.id("load-note")).getText()).contains("quarkus-test", "samples");
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    browser.findElement(By.id("history")).getText())
                            .contains("REQUESTED", "submitter", "STAGED", "PUBLISHED"));
            screenshot("live-backfill");
        }
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__loadedOnce === true"))
                .as("the page was never reloaded")
                .isEqualTo(true);

        // and a viewer may not pause: the button says which role it needs
        WebElement refused = browser.findElement(By.cssSelector("#actions button[data-command='pause']"));
        assertThat(refused.isEnabled()).isFalse();
        assertThat(refused.getAttribute("title")).isEqualTo("needs the operator role");

        // when: an operator signs in instead and clicks pause
        browser.findElement(By.id("signout-button")).click();
        signIn("operator", "operator-pw");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> browser.findElement(By.id("live")).getText().equals("live"));
        WebElement pause = browser.findElement(By.cssSelector("#actions button[data-command='pause']"));
        assertThat(pause.isEnabled()).isTrue();
        pause.click();

        // then: the planner pauses it, and the page shows PAUSED by itself
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("d-state")).getAttribute("data-state"))
                                .isEqualTo("PAUSED"));
        asViewer()
                .get("/backfills/" + id)
                .then()
                .body("state", equalTo("PAUSED"))
                .body("stateReason", org.hamcrest.Matchers.containsString("operator"));
        assertThat(browser.findElement(By.id("d-reason")).getText()).contains("operator");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(browser.findElement(By.cssSelector("#actions button[data-command='resume']"))
                            .isEnabled())
                    .isTrue();
            assertThat(browser.findElement(By.cssSelector("#actions button[data-command='pause']"))
                            .isEnabled())
                    .isFalse();
        });
        screenshot("paused-backfill");

        // when: the operator picks a published partition on the heatmap and rolls it back
        String partition = "2026-01-03";
        try (TopicReplay<PhaseInstruction> instructions = new TopicReplay<>(kafka, Topics.BACKFILL_PHASES, (key, i) -> {
                    if (i.getInstruction() instanceof PhaseCommand c
                            && c.getBackfillId().equals(id)
                            && c.getType() == PhaseCommandType.ROLLBACK) {
                        rollbacks.add(c);
                    }
                });
                EventPublisher publisher = new EventPublisher(kafka)) {
            browser.findElement(By.cssSelector("#heatmap rect[data-index='2']")).click();
            WebElement rollback =
                    browser.findElement(By.cssSelector("button[data-rollback-partition='" + partition + "']"));
            assertThat(rollback.isEnabled()).isTrue();
            rollback.click();
            browser.switchTo().alert().accept();

            // then: the planner sends that partition's rollback to the executors
            await().atMost(Duration.ofSeconds(30)).until(() -> !rollbacks.isEmpty());
            assertThat(rollbacks).singleElement().satisfies(c -> {
                assertThat(c.getPhaseId()).isEqualTo(id + "-p0");
                assertThat(c.getPartitions()).containsExactly(partition);
            });

            // and once an executor reports it rolled back, its cell says so, still without a reload
            new Events(publisher).progress(id, id + "-p0", 1, PhaseProgressType.ROLLED_BACK, partition);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(cellStates().get(2)).isEqualTo("ROLLED_BACK"));
            assertThat(instructions.running()).isTrue();
        }
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__loadedOnce === true"))
                .isEqualTo(true);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('tooltip').hidden = true");
        screenshot("rolled-back-partition");
    }

    private final List<PhaseCommand> rollbacks = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void aHundredThousandPartitionHeatmapStaysOneScreenOfAggregatedCells() throws Exception {
        // given: a PUBLISH backfill of 100,000 hourly partitions, its first phases staged
        String id = "dash100k-" + UUID.randomUUID().toString().substring(0, 8);
        String table = "hourly_" + id.replace('-', '_');
        sql("CREATE TABLE " + schema + "." + table + " (event_hour timestamp NOT NULL, events bigint)");
        LocalDateTime start = LocalDateTime.of(2015, 1, 1, 0, 0);
        submit(id, """
                {"backfillId": "%s", "requester": {"user": "alice"},
                 "target": {"schemaName": "%s", "tableName": "%s"},
                 "partitionColumn": "event_hour",
                 "range": {"grain": "HOUR", "start": "%s", "end": "%s"},
                 "transformationSql": "SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end",
                 "budget": {"maxPhasesInFlight": 4, "maxConcurrentStatements": 2},
                 "rolloutMode": "PUBLISH"}
                """.formatted(id, schema, table, start, start.plusHours(100_000)));
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> asViewer()
                        .get("/backfills/" + id)
                        .then()
                        .statusCode(200)
                        .body("partitionsTotal", equalTo(100_000))
                        .body("phaseStates.RELEASED", equalTo(4)));
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, new RegistrySettings(registryUrl, true), "dash-it");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            Events events = new Events(publisher);
            events.stage(id, id + "-p0", 1, partitions(id, 0));
            events.progress(id, id + "-p1", 1, PhaseProgressType.STARTED, null);
            for (String p : partitions(id, 1).subList(0, 60)) {
                events.partitionStaged(id, id + "-p1", 1, p, 0, 40, 0.03);
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> asViewer()
                        .get("/backfills/" + id)
                        .then()
                        .body(
                                "partitionStates.STAGED",
                                equalTo(partitions(id, 0).size() + 60)));

        // when
        long opened = System.nanoTime();
        browser.get(dashboard + "#/backfill/" + id);
        signIn("viewer", "viewer-pw");
        await().atMost(Duration.ofSeconds(30)).until(() -> !cellStates().isEmpty());
        long drawnMillis = (System.nanoTime() - opened) / 1_000_000;

        // then: every partition is in a cell, the cells fit the page, and staged work shows
        WebElement heatmap = browser.findElement(By.id("heatmap"));
        int cells = Integer.parseInt(heatmap.getAttribute("data-cells"));
        assertThat(heatmap.getAttribute("data-total")).isEqualTo("100000");
        assertThat(cells).isBetween(500, 2_400);
        assertThat(heatmap.getSize().getHeight()).as("one screen").isLessThan(600);
        assertThat(cellStates().get(0)).isEqualTo("STAGED");
        assertThat(cellStates()).contains("RUNNING", "PLANNED");
        assertThat(browser.findElement(By.id("heat-note")).getText()).contains("100,000 partitions in");
        assertThat(drawnMillis).as("drawn within seconds").isLessThan(20_000);
        new Actions(browser)
                .moveToElement(browser.findElement(By.cssSelector("#heatmap rect[data-index='3']")))
                .perform();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("tooltip")).getText())
                                .contains("…", "RUNNING"));
        screenshot("hundred-thousand-partitions");
    }

    @Test
    void answersWhoIsAskingAndRefusesAHeatmapOfNoCells() {
        // anonymous: the page itself and who-am-I answer; nothing about the backfills does
        RestAssured.given()
                .get("/dashboard/api/me")
                .then()
                .statusCode(200)
                .body("name", org.hamcrest.Matchers.nullValue())
                .body("roles", org.hamcrest.Matchers.empty())
                .body("authenticated", equalTo(false));
        RestAssured.given()
                .get("/dashboard/")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("app.js"));
        RestAssured.given().get("/dashboard/api/backfills").then().statusCode(401);
        RestAssured.given().get("/dashboard/api/stream").then().statusCode(401);
        // signed in: the name and every role held, the operator's implying viewer
        RestAssured.given()
                .auth()
                .preemptive()
                .basic("operator", "operator-pw")
                .get("/dashboard/api/me")
                .then()
                .statusCode(200)
                .body("name", equalTo("operator"))
                .body("roles", org.hamcrest.Matchers.containsInAnyOrder("viewer", "operator"))
                .body("authenticated", equalTo(true));
        asViewer()
                .get("/dashboard/api/backfills/nope/heatmap?cells=0")
                .then()
                .statusCode(400)
                .body("problems[0]", equalTo("cells: must be 1 to 10000, was 0"));
        asViewer().get("/dashboard/api/backfills/nope/heatmap").then().statusCode(404);
        RestAssured.given()
                .redirects()
                .follow(false)
                .get("/dashboard")
                .then()
                .statusCode(302)
                .header("Location", org.hamcrest.Matchers.endsWith("/dashboard/"));
    }

    /** Signs in through the page's sign-in box and waits until the page says who is signed in. */
    private void signIn(String user, String password) {
        WebElement name = browser.findElement(By.id("user"));
        name.clear();
        name.sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("signin-button")).click();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(browser.findElement(By.id("who")).getText()).startsWith("signed in as " + user));
    }

    private static RequestSpecification asViewer() {
        return RestAssured.given().auth().preemptive().basic("viewer", "viewer-pw");
    }

    private static RequestSpecification asSubmitter() {
        return RestAssured.given().auth().preemptive().basic("submitter", "submitter-pw");
    }

    private List<String> cellStates() {
        @SuppressWarnings("unchecked")
        List<String> states = (List<String>) ((JavascriptExecutor) browser)
                .executeScript("return Array.from(document.querySelectorAll('#heatmap rect'))"
                        + ".map(r => r.getAttribute('data-state'))");
        return states;
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The partitions of one phase, from the planner's REST API. */
    private static List<String> partitions(String id, int sequence) {
        return asViewer()
                .get("/backfills/" + id + "/phases/" + sequence + "/partitions?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .path("partitions.partition");
    }

    private static void submit(String id, String body) {
        asSubmitter()
                .contentType("application/json")
                .body(body)
                .when()
                .post("/backfills")
                .then()
                .statusCode(202)
                .body("backfillId", equalTo(id));
    }

    private static GateDecision passingDecision(String id, String phaseId, List<String> partitions) {
        List<CheckResult> checks = new java.util.ArrayList<>();
        for (String p : partitions) {
            checks.add(CheckResult.newBuilder()
                    .setName("row_count")
                    .setType(CheckType.ROW_COUNT_VS_SOURCE)
                    .setPartition(p)
                    .setStatus(CheckStatus.PASS)
                    .setObserved("10000")
                    .setExpected("10000 ± 1%")
                    .setMethod("SELECT count(*) FROM staged")
                    .build());
        }
        checks.add(CheckResult.newBuilder()
                .setName("null_rate")
                .setType(CheckType.NULL_RATE)
                .setStatus(CheckStatus.PASS)
                .setObserved("0.0")
                .setExpected("≤ 0.01")
                .setDetail("amount")
                .build());
        return GateDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setDecisionId(phaseId + "#1")
                .setBackfillId(id)
                .setPhaseId(phaseId)
                .setAttempt(1)
                .setOutcome(GateOutcome.COMMIT)
                .setChecks(checks)
                .setSummary("all " + checks.size() + " checks passed")
                .setDecidedAt(Instant.now())
                .build();
    }

    /** A fresh table with {@code days} days of {@code rowsPerDay} rows from {@code start}. */
    private String dailyTable(String id, LocalDate start, int days, int rowsPerDay) throws Exception {
        String table = "sales_" + id.replace('-', '_');
        sql("CREATE TABLE " + schema + "." + table + " (sale_date date NOT NULL, amount numeric)");
        sql("INSERT INTO " + schema + "." + table + " SELECT d::date, 1 FROM generate_series(date '" + start
                + "', date '" + start.plusDays(days - 1) + "', interval '1 day') d, generate_series(1, " + rowsPerDay
                + ")");
        sql("ANALYZE " + schema + "." + table);
        return table;
    }

    private void sql(String statement) throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl, credentials);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
