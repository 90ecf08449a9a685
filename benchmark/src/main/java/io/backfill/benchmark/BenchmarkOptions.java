package io.backfill.benchmark;

import static io.backfill.local.OptionValues.positive;
import static io.backfill.local.OptionValues.required;

import io.backfill.local.OptionValues.UsageException;
import java.nio.file.Path;
import java.time.Duration;

/** What {@code bin/backfill-benchmark} runs with; every value has a default sized for a 2-core machine. */
record BenchmarkOptions(
        String serverUrl,
        String user,
        String password,
        long rows,
        int days,
        int partitions,
        int windowDays,
        int clients,
        long thinkMillis,
        int spikeClients,
        Duration baselineLength,
        Duration spikeStart,
        Duration spikeLength,
        Duration timeLimit,
        int parallelWorkers,
        int reactionTrials,
        int plannerPartitions,
        Path outDir,
        Path dataDir,
        boolean keepDatabase) {

    static BenchmarkOptions parse(String[] args) {
        String url = "jdbc:postgresql://127.0.0.1:5432/postgres";
        String user = "postgres";
        String password = "";
        long rows = 30_000_000;
        int days = 90;
        int partitions = 60;
        int windowDays = 14;
        int clients = 3;
        long think = 1000;
        int spikeClients = 6;
        int baseline = 60;
        int spikeStart = 10;
        int spikeSeconds = 20;
        int limit = 300;
        int parallel = 0;
        int trials = 10;
        int plannerPartitions = 100_000;
        Path out = Path.of("benchmark", "results");
        Path data = Path.of("benchmark", "target", "bench-data");
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--postgres" -> url = required(arg, value);
                case "--user" -> user = required(arg, value);
                case "--password" -> password = required(arg, value);
                case "--rows" -> rows = Long.parseLong(required(arg, value));
                case "--days" -> days = positive(arg, value);
                case "--partitions" -> partitions = positive(arg, value);
                case "--window-days" -> windowDays = positive(arg, value);
                case "--clients" -> clients = positive(arg, value);
                case "--think-ms" -> think = positive(arg, value);
                case "--spike-clients" -> spikeClients = positive(arg, value);
                case "--baseline-seconds" -> baseline = positive(arg, value);
                case "--spike-start" -> spikeStart = positive(arg, value);
                case "--spike-seconds" -> spikeSeconds = positive(arg, value);
                case "--time-limit" -> limit = positive(arg, value);
                case "--parallel-workers" -> parallel = Integer.parseInt(required(arg, value));
                case "--reaction-trials" -> trials = positive(arg, value);
                case "--planner-partitions" -> plannerPartitions = positive(arg, value);
                case "--out" -> out = Path.of(required(arg, value));
                case "--data-dir" -> data = Path.of(required(arg, value));
                case "--keep-database" -> {
                    keep = true;
                    i--;
                }
                case "--help", "-h" -> throw new UsageException(null);
                default -> throw new UsageException("unknown option " + arg);
            }
            i++;
        }
        if (partitions + windowDays - 1 > days) {
            throw new UsageException("--partitions " + partitions + " with --window-days " + windowDays
                    + " needs at least " + (partitions + windowDays - 1) + " --days of facts");
        }
        return new BenchmarkOptions(
                url,
                user,
                password,
                rows,
                days,
                partitions,
                windowDays,
                clients,
                think,
                spikeClients,
                Duration.ofSeconds(baseline),
                Duration.ofSeconds(spikeStart),
                Duration.ofSeconds(spikeSeconds),
                Duration.ofSeconds(limit),
                parallel,
                trials,
                plannerPartitions,
                out,
                data,
                keep);
    }

    static final String USAGE = """
            usage: bin/backfill-benchmark [options]
              --postgres JDBC_URL      server to create the benchmark database on
                                       (default jdbc:postgresql://127.0.0.1:5432/postgres)
              --user NAME, --password P   PostgreSQL credentials (default postgres, empty)
              --rows N                 fact rows (default 30000000)
              --days N                 days of facts (default 90)
              --partitions N           daily partitions each scenario backfills, the newest N days (default 60)
              --window-days N          trailing window the transformation reads per partition (default 14)
              --clients N              dashboard clients (default 3), --think-ms N their think time (default 1000)
              --spike-clients N        extra clients without think time during the spike (default 6)
              --spike-start S, --spike-seconds S   spike window within each spike scenario (default 10, 20)
              --baseline-seconds S     length of the baseline scenarios (default 60)
              --time-limit S           a backfill scenario's limit; it is cancelled after (default 300)
              --parallel-workers N     max_parallel_workers_per_gather of the benchmark database (default 0)
              --reaction-trials N      pressure spikes for the reaction probe (default 10)
              --planner-partitions N   partitions for the planning probe (default 100000)
              --out DIR                results folder (default benchmark/results)
              --data-dir DIR           broker data (default benchmark/target/bench-data, wiped at start)
              --keep-database          do not drop the benchmark database at the end
            """;
}
