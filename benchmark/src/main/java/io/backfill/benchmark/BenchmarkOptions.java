package io.backfill.benchmark;

import static io.backfill.local.OptionValues.positive;
import static io.backfill.local.OptionValues.required;

import io.backfill.local.OptionValues.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What {@code bin/backfill-benchmark} runs with; every value has a default sized for a 2-core machine,
 * and {@code --quick} shrinks the run to a smoke test of the whole benchmark.
 *
 * @param externalServer a PostgreSQL server to use instead of the benchmark's own cluster
 */
record BenchmarkOptions(
        Optional<String> externalServer,
        String user,
        String password,
        Optional<String> warehouseCores,
        Optional<String> coordinatorCores,
        long rows,
        int days,
        int partitions,
        int windowDays,
        List<String> profiles,
        List<Double> budgets,
        int repeats,
        double steadyRate,
        double burstRate,
        double quietRate,
        Duration busy,
        Duration quiet,
        int foregroundWorkers,
        Duration baselineLength,
        Duration timeLimit,
        double targetRatio,
        int overheadPartitions,
        int reactionTrials,
        int plannerPartitions,
        long seed,
        boolean quick,
        Path outDir,
        Path dataDir) {

    static BenchmarkOptions parse(String[] args) {
        Optional<String> server = Optional.empty();
        String user = "postgres";
        String password = "";
        Optional<String> warehouseCores = Optional.empty();
        Optional<String> coordinatorCores = Optional.empty();
        long rows = 6_000_000;
        int days = 60;
        int partitions = 30;
        int windowDays = 4;
        List<String> profiles = List.of("steady", "bursty", "idle");
        List<Double> budgets = List.of(0.25, 0.5, 1.0, 2.0, 4.0);
        int repeats = 1;
        double rate = 70;
        double burst = 140;
        double quietRate = 7;
        int busy = 10;
        int quiet = 10;
        int workers = 32;
        int baseline = 20;
        int limit = 240;
        double target = 1.2;
        int overhead = 500;
        int trials = 4;
        int planner = 100_000;
        long seed = 20261201L;
        boolean quick = false;
        Path out = Path.of("benchmark", "results");
        Path data = Path.of("benchmark", "target", "bench-data");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--postgres" -> server = Optional.of(required(arg, value));
                case "--user" -> user = required(arg, value);
                case "--password" -> password = required(arg, value);
                case "--warehouse-cores" -> warehouseCores = Optional.of(required(arg, value));
                case "--coordinator-cores" -> coordinatorCores = Optional.of(required(arg, value));
                case "--rows" -> rows = Long.parseLong(required(arg, value));
                case "--days" -> days = positive(arg, value);
                case "--partitions" -> partitions = positive(arg, value);
                case "--window-days" -> windowDays = positive(arg, value);
                case "--profiles" -> profiles = List.of(required(arg, value).split(","));
                case "--budgets" ->
                    budgets = Arrays.stream(required(arg, value).split(","))
                            .map(Double::parseDouble)
                            .toList();
                case "--repeats" -> repeats = positive(arg, value);
                case "--rate" -> rate = Double.parseDouble(required(arg, value));
                case "--burst-rate" -> burst = Double.parseDouble(required(arg, value));
                case "--quiet-rate" -> quietRate = Double.parseDouble(required(arg, value));
                case "--busy-seconds" -> busy = positive(arg, value);
                case "--quiet-seconds" -> quiet = positive(arg, value);
                case "--workers" -> workers = positive(arg, value);
                case "--baseline-seconds" -> baseline = positive(arg, value);
                case "--time-limit" -> limit = positive(arg, value);
                case "--target-ratio" -> target = Double.parseDouble(required(arg, value));
                case "--overhead-partitions" -> overhead = positive(arg, value);
                case "--reaction-trials" -> trials = positive(arg, value);
                case "--planner-partitions" -> planner = positive(arg, value);
                case "--seed" -> seed = Long.parseLong(required(arg, value));
                case "--out" -> out = Path.of(required(arg, value));
                case "--data-dir" -> data = Path.of(required(arg, value));
                case "--quick" -> {
                    quick = true;
                    i--;
                }
                case "--help", "-h" -> throw new UsageException(null);
                default -> throw new UsageException("unknown option " + arg);
            }
            i++;
        }
        for (String p : profiles) {
            if (!List.of("steady", "bursty", "idle").contains(p)) {
                throw new UsageException("unknown profile " + p + "; use steady, bursty, idle");
            }
        }
        if (budgets.stream().anyMatch(b -> !(b > 0) || b.isInfinite())) {
            throw new UsageException("--budgets must be positive numbers: " + budgets);
        }
        if (quick) {
            // A smoke test of every part, not figures to judge by: fewer settings, shorter windows.
            rows = Math.min(rows, 3_000_000);
            partitions = Math.min(partitions, 12);
            budgets = List.of(0.5, 1.0, 4.0);
            baseline = Math.min(baseline, 20);
            overhead = Math.min(overhead, 100);
            trials = Math.min(trials, 2);
            repeats = 1;
        }
        if (partitions + windowDays - 1 > days) {
            throw new UsageException("--partitions " + partitions + " with --window-days " + windowDays
                    + " needs at least " + (partitions + windowDays - 1) + " --days of facts");
        }
        return new BenchmarkOptions(
                server,
                user,
                password,
                warehouseCores,
                coordinatorCores,
                rows,
                days,
                partitions,
                windowDays,
                profiles,
                budgets,
                repeats,
                rate,
                burst,
                quietRate,
                Duration.ofSeconds(busy),
                Duration.ofSeconds(quiet),
                workers,
                Duration.ofSeconds(baseline),
                Duration.ofSeconds(limit),
                target,
                overhead,
                trials,
                planner,
                seed,
                quick,
                out,
                data);
    }

    LoadProfile profile(String name) {
        return switch (name) {
            case "steady" -> LoadProfile.steady(steadyRate);
            case "bursty" -> LoadProfile.bursty(burstRate, quietRate, busy, quiet);
            default -> LoadProfile.idle();
        };
    }

    static final String USAGE = """
            usage: bin/backfill-benchmark [options]
              --quick                  a smoke test of every part (about 10 min; not figures to judge by)
              --repeats N              run the whole sweep N times in random order (default 1; results: 3)
              --postgres JDBC_URL      use this server instead of starting the benchmark's own cluster
                                       (no core isolation then); --user NAME, --password P (default postgres)
              --warehouse-cores LIST   taskset cores of the benchmark's own cluster (default: the upper half)
              --coordinator-cores LIST cores of the benchmark JVM, broker and registry (default: the rest)
              --rows N, --days N       fact rows and days (default 6000000 over 60)
              --partitions N           daily partitions each scenario backfills, the newest N days (default 30)
              --window-days N          trailing window the transformation reads per partition (default 4)
              --profiles LIST          foreground profiles (default steady,bursty,idle)
              --budgets LIST           static budgets in statement-seconds per second (default 0.25,0.5,1,2,4)
              --rate Q                 steady foreground queries per second (default 70)
              --burst-rate Q, --quiet-rate Q    bursty profile's rates (default 140, 7)
              --busy-seconds S, --quiet-seconds S  bursty profile's periods (default 10, 10)
              --workers N              foreground connections (default 32)
              --baseline-seconds S     length of each block's baseline (default 20)
              --time-limit S           a backfill scenario's limit; it is cancelled after (default 240)
              --target-ratio R         the foreground p95 ratio adaptive is judged against (default 1.2)
              --overhead-partitions N  tiny partitions of the coordinator-overhead probe (default 500)
              --reaction-trials N      foreground spikes of the reaction probe (default 4)
              --planner-partitions N   hourly partitions of the planning probe (default 100000)
              --seed N                 seed of the scenario order and the arrivals (default 20261201)
              --out DIR                results folder (default benchmark/results)
              --data-dir DIR           broker data and the cluster (default benchmark/target/bench-data)
            """;
}
