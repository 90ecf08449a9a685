package io.backfill.local;

import static io.backfill.local.OptionValues.positive;
import static io.backfill.local.OptionValues.required;

import io.backfill.local.OptionValues.UsageException;
import java.nio.file.Path;
import java.time.Duration;

/** What the local stack runs with; every value has a default so the command needs no arguments. */
record LocalStackOptions(
        Path dataDir,
        String warehouseUrl,
        String user,
        String password,
        int days,
        int ordersPerDay,
        int executors,
        int kafkaPort,
        Duration timeout) {

    static LocalStackOptions parse(String[] args) {
        Path dataDir = Path.of("local-stack-data");
        String url = null;
        String user = "postgres";
        String password = "";
        int days = 90;
        int ordersPerDay = 2_000;
        int executors = 2;
        int kafkaPort = 0;
        int timeoutMinutes = 15;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(required(arg, value));
                case "--postgres" -> url = required(arg, value);
                case "--user" -> user = required(arg, value);
                case "--password" -> password = required(arg, value);
                case "--days" -> days = positive(arg, value);
                case "--orders-per-day" -> ordersPerDay = positive(arg, value);
                case "--executors" -> executors = positive(arg, value);
                case "--kafka-port" -> kafkaPort = Integer.parseInt(required(arg, value));
                case "--timeout-minutes" -> timeoutMinutes = positive(arg, value);
                case "--help", "-h" -> throw new UsageException(null);
                default -> throw new UsageException("unknown option " + arg);
            }
            i++;
        }
        return new LocalStackOptions(
                dataDir,
                url,
                user,
                password,
                days,
                ordersPerDay,
                executors,
                kafkaPort,
                Duration.ofMinutes(timeoutMinutes));
    }

    boolean postgres() {
        return warehouseUrl != null;
    }

    static final String USAGE = """
            usage: bin/backfill-demo [options]
              --postgres JDBC_URL      use this PostgreSQL database instead of embedded DuckDB
              --user NAME, --password P   PostgreSQL credentials (default postgres, empty)
              --days N                 daily partitions to backfill (default 90)
              --orders-per-day N       sample orders per day (default 2000)
              --executors N            executor instances (default 2)
              --kafka-port PORT        broker port (default: a free one)
              --data-dir DIR           where broker and DuckDB data live (default local-stack-data, wiped at start)
              --timeout-minutes N      give up after N minutes (default 15)
            """;
}
