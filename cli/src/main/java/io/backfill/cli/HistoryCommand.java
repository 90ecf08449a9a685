package io.backfill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code backfill history ID [--json]}: every event about a backfill, in order, as a table or JSON. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Show a backfill's audit history, in order: the request (who, why), the plan and each release,"
                    + " partitions staged (executor, rows, compute), gate decisions, publishes with checksums,"
                    + " commands with who sent them, rollbacks and alerts."
        })
final class HistoryCommand implements Callable<Integer> {

    static final int PAGE = 1000;

    @ParentCommand
    BackfillCli cli;

    @Parameters(paramLabel = "BACKFILL_ID")
    String backfillId;

    @Option(names = "--json", description = "Print the planner's JSON (every page merged into one document)")
    boolean json;

    @Override
    public Integer call() {
        PlannerClient client = cli.client();
        JsonNode first = client.history(backfillId, 0, PAGE);
        ObjectNode all = first.deepCopy();
        ArrayNode events = all.withArray("events");
        int total = first.path("total").asInt();
        while (events.size() < total) {
            JsonNode page = client.history(backfillId, events.size(), PAGE);
            if (page.path("events").isEmpty()) {
                break;
            }
            page.path("events").forEach(events::add);
            total = page.path("total").asInt();
        }
        all.put("total", total);
        cli.out().print(json ? all + "\n" : table(all));
        return ExitCodes.OK;
    }

    /** One line per event: time, type, who, phase / partition, summary. */
    static String table(JsonNode history) {
        StringBuilder out = new StringBuilder();
        out.append("History of ")
                .append(history.path("backfillId").asText())
                .append(": ")
                .append(history.path("total").asInt())
                .append(" events\n");
        out.append(String.format(
                Locale.ROOT, "%-24s  %-17s  %-10s  %-24s  %s%n", "AT", "TYPE", "WHO", "PHASE / PARTITION", "SUMMARY"));
        for (JsonNode e : history.path("events")) {
            String where = text(e.path("phaseId"));
            String partition = text(e.path("partition"));
            if (!partition.isEmpty()) {
                where = where.isEmpty() ? partition : where + " " + partition;
            }
            String type = e.path("type").asText();
            if ("ALERT".equals(type)) {
                type = "ALERT " + e.path("details").path("alertType").asText();
            } else if ("COMMAND".equals(type)) {
                type = "COMMAND " + e.path("details").path("command").asText();
            }
            out.append(String.format(
                    Locale.ROOT,
                    "%-24s  %-17s  %-10s  %-24s  %s%n",
                    e.path("at").asText(),
                    type,
                    text(e.path("who")),
                    where,
                    e.path("summary").asText()));
        }
        return out.toString();
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }
}
