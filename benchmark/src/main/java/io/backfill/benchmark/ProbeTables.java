package io.backfill.benchmark;

import io.backfill.warehouse.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * Small tables for the coordinator probes, beside the fact data: {@code bench.tiny_events} (a few
 * rows a day, so a partition's SQL takes a few milliseconds and what remains of its end-to-end time is
 * the coordinator's) with its derived {@code mart.tiny_daily}; and an empty hourly table for the
 * planning probe (a DRY_RUN plans and releases nothing, so the table only has to pass the catalogue
 * checks).
 */
final class ProbeTables {

    static final String TINY_TARGET = "tiny_daily";
    static final String TINY_COLUMN = "event_day";
    static final String HOURLY_TARGET = "hourly_rollup";
    static final String HOURLY_COLUMN = "event_hour";
    static final LocalDate TINY_FIRST_DAY = LocalDate.of(2024, 1, 1);

    private ProbeTables() {}

    static void create(ConnectionSource connections, int tinyDays) throws SQLException {
        try (Connection connection = connections.open();
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE bench.tiny_events (event_day DATE NOT NULL, amount INTEGER NOT NULL)");
            sql.execute("INSERT INTO bench.tiny_events SELECT DATE '" + TINY_FIRST_DAY + "' + (i / 10), i % 97"
                    + " FROM generate_series(0, " + (tinyDays * 10 - 1) + ") AS g(i)");
            sql.execute("CREATE INDEX tiny_events_by_day ON bench.tiny_events (event_day)");
            sql.execute("VACUUM ANALYZE bench.tiny_events");
            sql.execute("CREATE TABLE " + FactDataset.TARGET_SCHEMA + "." + TINY_TARGET
                    + " (event_day DATE NOT NULL, events BIGINT NOT NULL, total BIGINT NOT NULL)");
            sql.execute("INSERT INTO " + FactDataset.TARGET_SCHEMA + "." + TINY_TARGET
                    + " SELECT event_day, COUNT(*), 0 FROM bench.tiny_events GROUP BY event_day");
            sql.execute("VACUUM ANALYZE " + FactDataset.TARGET_SCHEMA + "." + TINY_TARGET);
            sql.execute("CREATE TABLE " + FactDataset.TARGET_SCHEMA + "." + HOURLY_TARGET
                    + " (event_hour TIMESTAMP NOT NULL, events BIGINT NOT NULL)");
        }
    }

    /** The tiny transformation: a few milliseconds of SQL per day. */
    static String tinyTransformationSql() {
        return "SELECT event_day, COUNT(*) AS events, SUM(amount) AS total FROM bench.tiny_events"
                + " WHERE event_day >= :partition_start AND event_day < :partition_end GROUP BY event_day";
    }
}
