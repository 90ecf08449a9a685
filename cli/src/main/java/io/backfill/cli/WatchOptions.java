package io.backfill.cli;

import picocli.CommandLine.Option;

/** How {@code watch} (and {@code submit --watch}) polls. */
final class WatchOptions {

    @Option(
            names = "--interval",
            paramLabel = "SECONDS",
            defaultValue = "2",
            description = "Seconds between status polls (default ${DEFAULT-VALUE})")
    double intervalSeconds;

    @Option(
            names = "--executor",
            paramLabel = "URL",
            description = "Optional: an executor's base URL to read warehouse pressure from (its /q/metrics; env"
                    + " BACKFILL_EXECUTOR_URL); without it the pressure, latency ratio and admitted budget come"
                    + " from the planner's status")
    String executorUrl;

    @Option(
            names = "--patience",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "How long the planner may stay unreachable or not know the backfill before watch gives"
                    + " up (default ${DEFAULT-VALUE})")
    int patienceSeconds;
}
