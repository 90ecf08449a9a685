package io.backfill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code backfill submit FILE}: sends a YAML or JSON request to {@code POST /backfills}. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Submit a backfill request from a YAML or JSON file (fields as in the README's example).",
            "The planner records who signed in as requester.user. Prints the backfill id."
        })
final class SubmitCommand implements Callable<Integer> {

    @ParentCommand
    BackfillCli cli;

    @Parameters(paramLabel = "REQUEST_FILE", description = "request.yaml, request.yml or request.json")
    Path file;

    @Option(names = "--watch", description = "Follow the backfill to its end after submitting (as `watch`)")
    boolean watch;

    @Mixin
    WatchOptions watchOptions;

    @Override
    public Integer call() {
        JsonNode request = RequestFile.read(file);
        PlannerClient client = cli.client();
        String backfillId = client.submit(RequestFile.toJson(request));
        cli.out().println("Submitted backfill " + backfillId);
        if (!watch) {
            cli.out().println("Follow it with: backfill watch " + backfillId);
            return ExitCodes.OK;
        }
        if (watchOptions.executorUrl == null) {
            watchOptions.executorUrl = cli.env.get("BACKFILL_EXECUTOR_URL");
        }
        return new Watcher(client, cli.out(), cli.sleeper, watchOptions).follow(backfillId);
    }
}
