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

    @Override
    public Integer call() {
        PlannerClient client = cli.client();
        if (backfillId == null) {
            var all = client.list();
            cli.out().print(json ? all.toString() + "\n" : StatusFormat.table(all));
        } else {
            JsonNode status = client.status(backfillId);
            cli.out().print(json ? status.toPrettyString() + "\n" : StatusFormat.detail(status));
        }
        return ExitCodes.OK;
    }
}
