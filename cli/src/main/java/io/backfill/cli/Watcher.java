package io.backfill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Polls one backfill's status until it reaches a final state, printing the progress line each time it
 * changes (redrawn in place on a terminal). Tolerates the planner being briefly unreachable or not knowing
 * a just-submitted backfill for {@code --patience} seconds.
 */
final class Watcher {

    private final PlannerClient client;
    private final PrintWriter out;
    private final BackfillCli.Sleeper sleeper;
    private final WatchOptions options;
    private final PressureProbe pressure;
    private final boolean terminal = System.console() != null;

    Watcher(PlannerClient client, PrintWriter out, BackfillCli.Sleeper sleeper, WatchOptions options) {
        this.client = client;
        this.out = out;
        this.sleeper = sleeper;
        this.options = options;
        this.pressure = options.executorUrl == null || options.executorUrl.isBlank()
                ? null
                : new PressureProbe(options.executorUrl);
        if (options.intervalSeconds <= 0) {
            throw new CliException(ExitCodes.BAD_INPUT, "--interval must be positive");
        }
    }

    int follow(String backfillId) {
        RateTracker rate = new RateTracker(Duration.ofMinutes(1));
        Duration interval = Duration.ofMillis((long) (options.intervalSeconds * 1000));
        Instant troubleSince = null;
        String lastLine = null;
        while (true) {
            JsonNode status;
            try {
                // The summary is all the line needs: one phase, not the whole first page.
                status = client.status(backfillId, 0, 1);
                troubleSince = null;
            } catch (CliException e) {
                boolean transient_ = e.exitCode() == ExitCodes.UNREACHABLE || e.exitCode() == ExitCodes.NOT_FOUND;
                Instant now = Instant.now();
                troubleSince = troubleSince == null ? now : troubleSince;
                if (!transient_ || Duration.between(troubleSince, now).toSeconds() >= options.patienceSeconds) {
                    throw e;
                }
                pause(interval);
                continue;
            }
            Instant now = Instant.now();
            double perSecond = rate.observe(now, status.path("partitionsStaged").asInt());
            // An executor's gauge when --executor names one; otherwise the load the planner's status carries.
            Double current = pressure == null ? StatusFormat.statusPressure(status) : pressure.read();
            String line = StatusFormat.progressLine(status, perSecond, current, now);
            String state = status.path("state").asText();
            if (terminal) {
                out.print("\r\u001b[2K" + line);
                out.flush();
            } else if (!line.equals(lastLine)) {
                out.println(line);
            }
            lastLine = line;
            if (StatusFormat.FINAL.contains(state)) {
                if (terminal) {
                    out.println();
                }
                return finish(status);
            }
            pause(interval);
        }
    }

    private int finish(JsonNode status) {
        String state = status.path("state").asText();
        out.println("Backfill " + status.path("backfillId").asText() + " ended " + state + ": "
                + status.path("partitionsPublished").asInt() + " of "
                + status.path("partitionsTotal").asInt()
                + " partitions published, " + status.path("rowsWritten").asLong() + " rows");
        status.path("problems").forEach(p -> out.println("  problem: " + p.asText()));
        // Failed checks are on the phase records: page through them once, at the end.
        String backfillId = status.path("backfillId").asText();
        JsonNode page;
        try {
            page = client.phases(backfillId, 0, 100, null);
        } catch (CliException e) {
            // A planner without phase pages (before contract 0.2) lists the phases in the status itself.
            page = status;
        }
        while (true) {
            page.path("phases").forEach(p -> {
                if (p.path("failedChecks").size() > 0) {
                    out.println("  phase " + p.path("phaseId").asText() + " failed checks:");
                    p.path("failedChecks").forEach(c -> out.println("    - " + c.asText()));
                }
            });
            if (page == status
                    || page.path("next").isNull()
                    || page.path("next").isMissingNode()) {
                break;
            }
            page = client.phases(backfillId, page.path("next").asInt(), 100, null);
        }
        return "COMPLETED".equals(state) ? ExitCodes.OK : ExitCodes.BACKFILL_ENDED_BADLY;
    }

    private void pause(Duration interval) {
        try {
            sleeper.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNREACHABLE, "interrupted");
        }
    }
}
