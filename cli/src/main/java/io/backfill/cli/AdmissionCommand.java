package io.backfill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Operator controls of the planner's warehouse (gh-ost / freno style): {@code admission show|set},
 * {@code throttle} and {@code unthrottle}. Each change is one event on {@code admission-control} naming the
 * signed-in caller; executors apply it at their next partition start.
 */
final class AdmissionCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHORT_TTL = Pattern.compile("(\\d+)([smh]?)");

    private AdmissionCommand() {}

    @Command(
            name = "admission",
            mixinStandardHelpOptions = true,
            description = "Show or change the warehouse's admission settings at runtime.",
            subcommands = {Show.class, Set.class})
    static final class Group implements Runnable {

        @ParentCommand
        BackfillCli cli;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(cli.out());
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "The settings overrides and the manual throttles in force (expired ones are gone).")
    static final class Show implements Callable<Integer> {

        @ParentCommand
        Group group;

        @Option(names = "--json", description = "Print the planner's JSON")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = group.cli.client().admission();
            group.cli.out().print(json ? answer + "\n" : format(answer));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Replace the settings overrides; an option left out keeps the executors' configured value.",
                "Ratios are foreground latency ratios in (1, 10]; the ceiling must be above the targets."
            })
    static final class Set implements Callable<Integer> {

        @ParentCommand
        Group group;

        @Option(names = "--target-ratio", paramLabel = "RATIO", description = "Latency ratio to steer to, e.g. 1.2")
        Double targetRatio;

        @Option(names = "--peak-target-ratio", paramLabel = "RATIO", description = "The target in peak windows")
        Double peakTargetRatio;

        @Option(
                names = "--max-budget",
                paramLabel = "STATEMENT_S_PER_S",
                description = "The most work budget to admit, statement-seconds per second, e.g. 2")
        Double maxBudget;

        @Option(
                names = "--ceiling-ratio",
                paramLabel = "RATIO",
                description = "Latency ratio whose sustained breach stops new work")
        Double ceilingRatio;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with the change)")
        String reason;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode();
            putIfSet(body, "targetLatencyRatio", targetRatio);
            putIfSet(body, "peakTargetLatencyRatio", peakTargetRatio);
            putIfSet(body, "maxBudget", maxBudget);
            putIfSet(body, "hardCeilingRatio", ceilingRatio);
            if (reason != null && !reason.isBlank()) {
                body.put("reason", reason);
            }
            String eventId = group.cli.client().setAdmission(body.toString());
            group.cli.out().println("Admission settings changed (event " + eventId + "): backfill admission show");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "throttle",
            mixinStandardHelpOptions = true,
            description = {
                "Throttle the whole warehouse, or one backfill (--backfill), for a time: factor 0 starts no new"
                        + " work (running statements finish), 0.5 halves the budget. It lifts by itself after --ttl.",
            })
    static final class Throttle implements Callable<Integer> {

        @ParentCommand
        BackfillCli cli;

        @Option(names = "--backfill", paramLabel = "BACKFILL_ID", description = "Only this backfill")
        String backfillId;

        @Option(names = "--factor", required = true, paramLabel = "FACTOR", description = "Share left, in [0, 1)")
        double factor;

        @Option(
                names = "--ttl",
                required = true,
                paramLabel = "DURATION",
                description = "How long: 90s, 10m, 2h or ISO-8601 (PT10M); at most 24h")
        String ttl;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (shown as the throttle reason)")
        String reason;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode();
            body.put("factor", factor);
            body.put("ttl", ttlSeconds(ttl));
            if (reason != null && !reason.isBlank()) {
                body.put("reason", reason);
            }
            JsonNode answer = cli.client().throttle(blankToNull(backfillId), body.toString());
            cli.out()
                    .println("Throttled " + (blankToNull(backfillId) == null ? "the warehouse" : backfillId)
                            + " to " + factor + " until "
                            + answer.path("expiresAt").asText() + " (event "
                            + answer.path("eventId").asText() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "unthrottle",
            mixinStandardHelpOptions = true,
            description = "Lift the warehouse's manual throttle, or one backfill's (--backfill), before it expires.")
    static final class Unthrottle implements Callable<Integer> {

        @ParentCommand
        BackfillCli cli;

        @Option(names = "--backfill", paramLabel = "BACKFILL_ID", description = "Only this backfill's throttle")
        String backfillId;

        @Override
        public Integer call() {
            String eventId = cli.client().unthrottle(blankToNull(backfillId));
            cli.out()
                    .println("Unthrottled " + (blankToNull(backfillId) == null ? "the warehouse" : backfillId)
                            + " (event " + eventId + ")");
            return ExitCodes.OK;
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, a bare number of seconds, or ISO-8601; in seconds. */
    static long ttlSeconds(String text) {
        String ttl = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_TTL.matcher(ttl);
        Duration duration;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                duration = Duration.parse(ttl.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new CliException(
                        ExitCodes.BAD_INPUT, "--ttl '" + text + "' is not a duration like 90s, 10m, 2h or PT10M");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new CliException(ExitCodes.BAD_INPUT, "--ttl must be positive, not '" + text + "'");
        }
        return duration.toSeconds();
    }

    /** The {@code show} table: settings, then one line per throttle. */
    static String format(JsonNode answer) {
        StringBuilder out = new StringBuilder();
        out.append("Admission control of warehouse ")
                .append(answer.path("warehouseId").asText())
                .append('\n');
        JsonNode settings = answer.path("settings");
        if (settings.isMissingNode() || settings.isNull()) {
            out.append("  settings: as configured (no overrides)\n");
        } else {
            out.append("  settings: target ")
                    .append(value(settings, "targetLatencyRatio"))
                    .append(", peak target ")
                    .append(value(settings, "peakTargetLatencyRatio"))
                    .append(", max budget ")
                    .append(value(settings, "maxBudget"))
                    .append(", ceiling ")
                    .append(value(settings, "hardCeilingRatio"))
                    .append(" (by ")
                    .append(settings.path("changedBy").asText())
                    .append(" at ")
                    .append(settings.path("changedAt").asText())
                    .append(reason(settings))
                    .append(")\n");
        }
        JsonNode throttles = answer.path("throttles");
        if (throttles.isEmpty()) {
            out.append("  throttles: none\n");
        } else {
            out.append("  throttles:\n");
            for (JsonNode t : throttles) {
                out.append("    ")
                        .append(
                                t.path("backfillId").isNull()
                                                || t.path("backfillId").isMissingNode()
                                        ? "warehouse"
                                        : "backfill " + t.path("backfillId").asText())
                        .append(": factor ")
                        .append(t.path("factor").asDouble())
                        .append(" until ")
                        .append(t.path("expiresAt").asText())
                        .append(" by ")
                        .append(t.path("changedBy").asText())
                        .append(reason(t))
                        .append('\n');
            }
        }
        return out.toString();
    }

    private static String value(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asText() : "as configured";
    }

    private static String reason(JsonNode node) {
        return node.path("reason").isTextual() ? ": " + node.path("reason").asText() : "";
    }

    private static void putIfSet(ObjectNode body, String field, Double value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
