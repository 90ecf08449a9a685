package io.backfill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backfill.testsupport.auth.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13's size, the way a user meets it: a DRY_RUN of 100,000 hourly partitions submitted with the CLI
 * to the separate-process planner, then read back through REST and the CLI page by page. No answer may
 * grow with the backfill: every page is bounded, and following the pages finds every partition once.
 */
@ExtendWith(E2eClusterExtension.class)
class LargeBackfillIT {

    static final int HOURS = 100_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aHundredThousandHourDryRunIsPlannedAndPagedThroughRestAndTheCli(E2eCluster cluster) throws Exception {
        // given an hourly table and a DRY_RUN request over 100,000 of its hours
        try (Connection connection = cluster.database.connect();
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS analytics.events_hourly"
                    + " (event_hour timestamp NOT NULL, store_id int, events bigint)");
        }
        String id = Ids.unique("large");
        LocalDateTime start = LocalDateTime.of(2015, 1, 1, 0, 0);
        Path request = Files.writeString(
                Files.createDirectories(Path.of("target", "e2e-requests")).resolve(id + ".yaml"),
                """
                backfillId: %s
                requester: {user: e2e, reason: the event count double-counted retries}
                target: {schemaName: analytics, tableName: events_hourly}
                partitionColumn: event_hour
                range: {grain: HOUR, start: "%s", end: "%s", timeZone: UTC}
                transformationSql: >-
                  SELECT event_hour, store_id, events FROM analytics.events_hourly
                  WHERE event_hour >= :partition_start AND event_hour < :partition_end
                rolloutMode: DRY_RUN
                checks: []
                """.formatted(id, start, start.plusHours(HOURS)));

        // when
        long submitted = System.nanoTime();
        E2eCluster.CliRun submit = cluster.cli("submit", request.toString());

        // then the planned status is readable through REST
        assertThat(submit.exitCode()).as(submit.out() + submit.err()).isZero();
        await("planned and readable")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode status = cluster.status(id);
                    return status != null
                            && status.path("state").asText().equals("COMPLETED")
                            && status.path("partitionsTotal").asInt() == HOURS;
                });
        long readableMillis = (System.nanoTime() - submitted) / 1_000_000;

        // and every phase and partition is found by following the pages, each page bounded (the view
        // receives the summary and the phase records on separate topics: the pages may lag it briefly)
        Paged allPages = await("every phase record readable")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> followPages(cluster, id), all -> all.partitions().size() == HOURS);
        long allReadableMillis = (System.nanoTime() - submitted) / 1_000_000;
        Set<String> partitions = allPages.partitions();
        JsonNode summary =
                get(cluster, "/backfills/" + id + "?phaseOffset=0&phaseLimit=1").body();
        int phaseCount = summary.path("phaseCount").asInt();
        int perPhase = summary.path("phases").get(0).path("partitionCount").asInt();
        assertThat(phaseCount).isEqualTo((HOURS + perPhase - 1) / perPhase);
        int last = phaseCount - 1;
        int inLastPhase = HOURS - last * perPhase;
        assertThat(summary.path("phases")).hasSize(1);
        assertThat(summary.path("phasesNext").asInt()).isEqualTo(1);
        assertThat(partitions).hasSize(HOURS);
        assertThat(partitions).contains(hourKey(start), hourKey(start.plusHours(HOURS - 1)));
        Page lastPartitions = get(cluster, "/backfills/" + id + "/phases/" + last + "/partitions?offset=0&limit=1000");
        assertThat(lastPartitions.body().path("partitions")).hasSize(inLastPhase);
        assertThat(lastPartitions.body().path("next").isNull()).isTrue();
        assertThat(get(cluster, "/backfills/" + id + "/phases?offset=0&limit=1001")
                        .status())
                .isEqualTo(400);
        assertThat(get(cluster, "/backfills/" + id + "/phases/" + phaseCount + "/partitions")
                        .status())
                .isEqualTo(404);

        // and the CLI pages the same way: one page of phases, and one phase's partitions
        E2eCluster.CliRun page =
                cluster.cli("status", id, "--phase-offset", String.valueOf(last - 4), "--phase-limit", "5", "--json");
        assertThat(page.exitCode()).as(page.err()).isZero();
        JsonNode paged = JSON.readTree(page.out());
        assertThat(paged.path("phases"))
                .extracting(p -> p.path("sequence").asInt())
                .containsExactly(last - 4, last - 3, last - 2, last - 1, last);
        E2eCluster.CliRun table = cluster.cli("status", id, "--phase-offset", "10", "--phase-limit", "5");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains(id + "-p10").contains(id + "-p14").doesNotContain(id + "-p15");
        E2eCluster.CliRun lastPhase = cluster.cli("status", id, "--partitions", String.valueOf(last), "--json");
        assertThat(lastPhase.exitCode()).as(lastPhase.err()).isZero();
        JsonNode listed = JSON.readTree(lastPhase.out());
        assertThat(listed).hasSize(inLastPhase);
        assertThat(listed.get(inLastPhase - 1).path("partition").asText())
                .isEqualTo(hourKey(start.plusHours(HOURS - 1)));

        System.out.printf(
                Locale.ROOT,
                "DRY_RUN of %,d hourly partitions through the CLI: %,d phases, summary readable through REST %,d ms"
                        + " after submission, every phase page %,d ms; %d pages of 1,000 phases, the largest %,d"
                        + " bytes%n",
                HOURS,
                phaseCount,
                readableMillis,
                allReadableMillis,
                allPages.pages(),
                allPages.largestPage());
    }

    /** How the planner names an hourly partition in UTC: its start with the offset. */
    private static String hourKey(LocalDateTime hour) {
        return hour + "+00:00";
    }

    record Page(int status, JsonNode body, long bytes) {}

    record Paged(Set<String> partitions, int pages, long largestPage) {}

    /** Every partition listed by following {@code next} through the phase pages. */
    private static Paged followPages(E2eCluster cluster, String id) throws Exception {
        Set<String> partitions = new HashSet<>();
        long largestPage = 0;
        int pages = 0;
        Integer next = 0;
        while (next != null) {
            Page page = get(cluster, "/backfills/" + id + "/phases?offset=" + next + "&limit=1000");
            largestPage = Math.max(largestPage, page.bytes());
            pages++;
            for (JsonNode phase : page.body().path("phases")) {
                for (JsonNode partition : phase.path("partitions")) {
                    partitions.add(partition.path("partition").asText());
                }
            }
            next = page.body().path("next").isNull()
                    ? null
                    : page.body().path("next").asInt();
        }
        return new Paged(partitions, pages, largestPage);
    }

    private static Page get(E2eCluster cluster, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(cluster.plannerUrl() + path))
                        .header("Authorization", TestTokens.shared().bearer("e2e-large", "viewer"))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Page(
                response.statusCode(),
                JSON.readTree(response.body()),
                response.body().length());
    }
}
