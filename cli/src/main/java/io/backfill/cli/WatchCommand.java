package io.backfill.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code backfill watch ID}: a live progress line until the backfill ends; exit 0 only if it COMPLETED. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Follow a backfill until it ends: partitions published and staged, staging rate, warehouse pressure,"
                    + " ETA against the deadline.",
            "Exits 0 when it COMPLETED, 1 when it ended FAILED, CANCELLED, REJECTED or ROLLED_BACK."
        })
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    BackfillCli cli;

    @Parameters(paramLabel = "BACKFILL_ID")
    String backfillId;

    @Mixin
    WatchOptions options;

    @Override
    public Integer call() {
        if (options.executorUrl == null) {
            options.executorUrl = cli.env.get("BACKFILL_EXECUTOR_URL");
        }
        return new Watcher(cli.client(), cli.out(), cli.sleeper, options).follow(backfillId);
    }
}
