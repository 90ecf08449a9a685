package io.backfill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code backfill status [ID]}: every backfill as a table, or one in detail with its phases. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show every backfill, or one backfill in detail (phases, gates, projection, alerts).")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    BackfillCli cli;

    @Parameters(paramLabel = "BACKFILL_ID", arity = "0..1", description = "The backfill; all when left out")
    String backfillId;

    @Option(names = "--json", description = "Print the planner's JSON as is (for scripts)")
    boolean json;

    @Option(
            names = "--phase-offset",
            defaultValue = "0",
            description = "First phase (sequence) to list; the planner pages phases (default: ${DEFAULT-VALUE})")
    int phaseOffset;

    @Option(
            names = "--phase-limit",
            defaultValue = "20",
            description = "Phases per page, 1 to 1000 (default: ${DEFAULT-VALUE})")
    int phaseLimit;

    @Option(names = "--phase-state", description = "List only the phases in this state (e.g. FAILED, RUNNING)")
    String phaseState;

    @Option(names = "--all-phases", description = "Follow the pages to the last phase")
    boolean allPhases;

    @Option(
            names = "--partitions",
            paramLabel = "SEQUENCE",
            description = "List every partition of this phase (state, rows, compute, staging time), page by page")
    Integer partitionsOf;

    @Override
    public Integer call() {
        PlannerClient client = cli.client();
        if (backfillId == null) {
            var all = client.list();
            cli.out().print(json ? all.toString() + "\n" : StatusFormat.table(all));
            return ExitCodes.OK;
        }
        if (partitionsOf != null) {
            return partitions(client);
        }
        boolean filtered = phaseState != null && !phaseState.isBlank();
        JsonNode status = client.status(backfillId, phaseOffset, phaseLimit);
        if (json && !filtered && !allPhases) {
            cli.out().print(status.toPrettyString() + "\n");
            return ExitCodes.OK;
        }
        if (!json) {
            cli.out().print(StatusFormat.detail(status, !filtered));
        }
        if (filtered || allPhases) {
            JsonNode page = filtered ? client.phases(backfillId, phaseOffset, phaseLimit, phaseState) : status;
            while (true) {
                JsonNode phases = page.path("phases");
                cli.out().print(json ? phases.toPrettyString() + "\n" : StatusFormat.phaseTable(phases));
                JsonNode next = page.has("next") ? page.path("next") : page.path("phasesNext");
                if (!allPhases || next.isNull() || next.isMissingNode()) {
                    if (!json) {
                        cli.out().print(StatusFormat.pageFooter(page, phaseLimit));
                    }
                    break;
                }
                page = client.phases(backfillId, next.asInt(), phaseLimit, filtered ? phaseState : null);
            }
        }
        return ExitCodes.OK;
    }

    private int partitions(PlannerClient client) {
        int offset = 0;
        while (true) {
            JsonNode page = client.partitions(backfillId, partitionsOf, offset, 1_000);
            cli.out().print(json ? page.path("partitions").toPrettyString() + "\n" : StatusFormat.partitionTable(page));
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return ExitCodes.OK;
            }
            offset = page.path("next").asInt();
        }
    }
}
