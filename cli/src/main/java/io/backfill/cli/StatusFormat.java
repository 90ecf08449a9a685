package io.backfill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders the planner's status JSON ({@code GET /backfills[/{id}]}) for people: a table of backfills, one
 * backfill in detail with its phases, and the one-line progress bar {@code watch} redraws.
 */
public final class StatusFormat {

    /** States after which nothing more happens to a backfill. */
    public static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "REJECTED", "ROLLED_BACK");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int BAR_WIDTH = 24;

    private StatusFormat() {}

    /** {@code backfill status}: one line per backfill. */
    public static String table(List<JsonNode> backfills) {
        if (backfills.isEmpty()) {
            return "No backfills yet.\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"BACKFILL", "STATE", "TARGET", "PUBLISHED", "STAGED", "PHASES", "UPDATED"});
        for (JsonNode b : backfills) {
            int total = b.path("partitionsTotal").asInt();
            rows.add(new String[] {
                b.path("backfillId").asText(),
                b.path("state").asText(),
                text(b.path("target"), "-"),
                b.path("partitionsPublished").asInt() + "/" + total,
                b.path("partitionsStaged").asInt() + "/" + total,
                String.valueOf(
                        b.has("phaseCount")
                                ? b.path("phaseCount").asInt()
                                : b.path("phases").size()),
                time(b.path("updatedAt"))
            });
        }
        return columns(rows);
    }

    /** {@code backfill status ID}: the backfill, its totals, projection, problems, alerts and phases. */
    public static String detail(JsonNode b) {
        return detail(b, true);
    }

    /**
     * The backfill in detail; with {@code withPhases} also the page of phases the answer holds and where
     * the next page starts.
     */
    public static String detail(JsonNode b, boolean withPhases) {
        StringBuilder out = new StringBuilder();
        int total = b.path("partitionsTotal").asInt();
        line(out, "backfill", b.path("backfillId").asText());
        line(out, "state", b.path("state").asText());
        line(out, "target", text(b.path("target"), "-"));
        line(out, "requested by", text(b.path("requester"), "-"));
        line(out, "rollout", text(b.path("rolloutMode"), "-"));
        line(
                out,
                "partitions",
                b.path("partitionsPublished").asInt() + " published, "
                        + b.path("partitionsStaged").asInt() + " staged, of " + total);
        line(
                out,
                "work",
                b.path("rowsWritten").asLong() + " rows, "
                        + String.format(
                                Locale.ROOT, "%.1f", b.path("computeSeconds").asDouble()) + " compute s");
        line(out, "deadline", time(b.path("deadline")));
        line(out, "projected finish", time(b.path("projectedFinish")));
        if (!text(b.path("queuedBehind"), "").isEmpty()) {
            line(out, "queued behind", b.path("queuedBehind").asText());
        }
        if (!text(b.path("throttleReason"), "").isEmpty()) {
            line(out, "throttled", b.path("throttleReason").asText());
        }
        if (b.has("phaseCount")) {
            line(out, "phases", b.path("phaseCount").asInt() + counts(b.path("phaseStates")));
            line(out, "partitions by state", counts(b.path("partitionStates")).strip());
        }
        list(out, "problems", b.path("problems"));
        list(out, "alerts", b.path("alerts"));
        if (withPhases) {
            JsonNode phases = b.path("phases");
            if (phases.isArray() && !phases.isEmpty()) {
                out.append('\n').append(phaseTable(phases));
                if (b.has("phaseCount")) {
                    out.append(pageFooter(b, phases.size()));
                }
            }
        }
        return out.toString();
    }

    /** A page of phases as a table (empty text for no phases). */
    public static String phaseTable(JsonNode phases) {
        if (!phases.isArray() || phases.isEmpty()) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "#", "PHASE", "STATE", "PARTITIONS", "STAGED", "TRY", "ROWS", "EXECUTOR", "GATE", "FAILED CHECKS"
        });
        for (JsonNode p : phases) {
            rows.add(new String[] {
                String.valueOf(p.path("sequence").asInt()),
                p.path("phaseId").asText(),
                p.path("state").asText(),
                p.path("firstPartition").asText() + ".."
                        + p.path("lastPartition").asText() + " ("
                        + p.path("partitionCount").asInt() + ")",
                p.path("partitionsStaged").asInt() + "/"
                        + p.path("partitionCount").asInt(),
                String.valueOf(p.path("attempt").asInt()),
                String.valueOf(p.path("rows").asLong()),
                text(p.path("executorId"), "-"),
                text(p.path("decision"), "-"),
                joined(p.path("failedChecks"))
            });
        }
        return columns(rows);
    }

    /**
     * Which phases a page showed and how to get the next one: a status answer ({@code phasesOffset},
     * {@code phasesNext}) or a phase page ({@code offset}, {@code next}).
     */
    public static String pageFooter(JsonNode page, int limit) {
        int offset = page.has("offset")
                ? page.path("offset").asInt()
                : page.path("phasesOffset").asInt();
        JsonNode next = page.has("next") ? page.path("next") : page.path("phasesNext");
        int shown = page.path("phases").size();
        int count = page.path("phaseCount").asInt();
        StringBuilder out = new StringBuilder();
        out.append(
                shown == 0
                        ? "no phases from " + offset
                        : "phases " + offset + "-" + (offset + shown - 1) + " of " + count);
        if (!page.path("state").isMissingNode() && !page.path("state").isNull()) {
            out.append(" (").append(page.path("state").asText()).append(" only)");
        }
        if (!next.isNull() && !next.isMissingNode()) {
            out.append("; next page: --phase-offset ")
                    .append(next.asInt())
                    .append(" --phase-limit ")
                    .append(limit)
                    .append(", or --all-phases");
        }
        return out.append('\n').toString();
    }

    /** A page of one phase's partitions as a table. */
    public static String partitionTable(JsonNode page) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PARTITION", "STATE", "ROWS", "COMPUTE S", "STAGING MS"});
        for (JsonNode p : page.path("partitions")) {
            rows.add(new String[] {
                p.path("partition").asText(),
                p.path("state").asText(),
                String.valueOf(p.path("rows").asLong()),
                String.format(Locale.ROOT, "%.2f", p.path("computeSeconds").asDouble()),
                text(p.path("durationMillis"), "-")
            });
        }
        return columns(rows);
    }

    private static String counts(JsonNode byState) {
        if (!byState.isObject() || byState.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        byState.fields().forEachRemaining(e -> parts.add(e.getValue().asInt() + " " + e.getKey()));
        return " (" + String.join(", ", parts) + ")";
    }

    /**
     * {@code watch}'s line: bar of published partitions, counts, staging rate, pressure, and the ETA at
     * that rate against the deadline (the planner's own projection too, when it has one).
     */
    public static String progressLine(JsonNode b, double partitionsPerSecond, Double pressure, Instant now) {
        int total = b.path("partitionsTotal").asInt();
        int staged = b.path("partitionsStaged").asInt();
        int published = b.path("partitionsPublished").asInt();
        StringBuilder out = new StringBuilder();
        out.append(bar(published, staged, total)).append(' ');
        out.append(String.format(Locale.ROOT, "%-11s", b.path("state").asText()));
        out.append(" published ").append(published).append('/').append(total);
        out.append("  staged ").append(staged).append('/').append(total);
        out.append(String.format(Locale.ROOT, "  %.2f part/s", partitionsPerSecond));
        out.append(pressure == null ? "  pressure n/a" : String.format(Locale.ROOT, "  pressure %.2f", pressure));
        JsonNode load = b.path("load");
        if (load.path("latencyRatio").isNumber()) {
            out.append(String.format(
                    Locale.ROOT, "  latency %.2fx", load.path("latencyRatio").asDouble()));
        }
        if (load.path("admittedBudget").isNumber()) {
            out.append(String.format(
                    Locale.ROOT, "  budget %.2f", load.path("admittedBudget").asDouble()));
        }
        out.append("  ").append(eta(b, total - staged, partitionsPerSecond, now));
        return out.toString();
    }

    /** The warehouse pressure the planner's status carries ({@code load.pressure}), or null when it has none. */
    static Double statusPressure(JsonNode b) {
        JsonNode pressure = b.path("load").path("pressure");
        return pressure.isNumber() ? pressure.asDouble() : null;
    }

    /** {@code ETA hh:mm:ssZ (deadline …, on time | late by …)}; the planner's projection when no rate yet. */
    static String eta(JsonNode b, int remaining, double partitionsPerSecond, Instant now) {
        Instant deadline = instant(b.path("deadline"));
        Instant eta;
        if (remaining <= 0) {
            eta = now;
        } else if (partitionsPerSecond > 0) {
            eta = now.plusMillis((long) (remaining / partitionsPerSecond * 1000));
        } else {
            eta = instant(b.path("projectedFinish"));
        }
        String text = "ETA " + (eta == null ? "unknown" : clock(eta));
        if (deadline == null) {
            return text;
        }
        text += " (deadline " + clock(deadline);
        if (eta == null) {
            return text + ")";
        }
        Duration late = Duration.between(deadline, eta);
        return text + (late.isNegative() || late.isZero() ? ", on time)" : ", LATE by " + human(late) + ")");
    }

    /** {@code [####====----]}: published (#), staged not yet published (=), not staged (-). */
    static String bar(int published, int staged, int total) {
        if (total <= 0) {
            return "[" + "-".repeat(BAR_WIDTH) + "]";
        }
        int done = Math.min(BAR_WIDTH, published * BAR_WIDTH / total);
        int stagedCells = Math.max(0, Math.min(BAR_WIDTH, Math.max(staged, published) * BAR_WIDTH / total) - done);
        return "[" + "#".repeat(done) + "=".repeat(stagedCells) + "-".repeat(BAR_WIDTH - done - stagedCells) + "]";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static String clock(Instant instant) {
        return DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC)
                .format(instant);
    }

    private static Instant instant(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            // Epoch seconds with a fraction: how Jackson writes an Instant when configured for numbers.
            return Instant.ofEpochMilli((long) (node.asDouble() * 1000));
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String time(JsonNode node) {
        Instant instant = instant(node);
        return instant == null ? "-" : TIME.format(instant);
    }

    private static String text(JsonNode node, String fallback) {
        return node == null
                        || node.isMissingNode()
                        || node.isNull()
                        || node.asText().isBlank()
                ? fallback
                : node.asText();
    }

    private static String joined(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return items.isEmpty() ? "-" : String.join(", ", items);
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-17s %s%n", label, value));
    }

    private static void list(StringBuilder out, String label, JsonNode array) {
        if (array.isArray() && !array.isEmpty()) {
            out.append(label).append(":\n");
            array.forEach(item -> out.append("  - ").append(item.asText()).append('\n'));
        }
    }

    /** Left-aligned columns separated by two spaces. */
    static String columns(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(
                        i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
