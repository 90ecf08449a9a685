package io.backfill.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.warehouse.duckdb.DuckDbConnections;
import io.backfill.warehouse.duckdb.DuckDbDialect;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse contract against an embedded DuckDB database file in a fresh temporary directory. */
class DuckDbWarehouseIT extends WarehouseContractIT {

    @TempDir
    Path directory;

    @Override
    protected ConnectionSource openConnections() throws Exception {
        DuckDbConnections source = DuckDbConnections.file(directory.resolve("warehouse.duckdb"));
        try (var connection = source.open();
                var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS wh");
        }
        return source;
    }

    @Override
    protected WarehouseDialect dialect() {
        return new DuckDbDialect();
    }

    @Override
    protected String schema() {
        return "wh";
    }

    @Override
    protected String slowQuery() {
        return "SELECT COUNT(*) FROM range(1000000000000) a";
    }

    @Test
    void stagingInterruptedMidTransactionKeepsPreviousStagingAndCheckpoint() {
        // given: a partition staged once, and a re-staging that is interrupted after its DELETE ran
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Checkpoint good = warehouse.stage(target, BACKFILL, p1, day("2026-03-01"), transformation());
        Warehouse impatient =
                new Warehouse(connections::open, dialect(), settings().withStatementTimeout(Duration.ofSeconds(1)));
        String slow = "SELECT s.event_time, s.id, s.customer_id, s.amount * 3 AS amount, s.note FROM wh." + source
                + " s CROSS JOIN (SELECT COUNT(*) AS n FROM range(1000000000000)) z"
                + " WHERE s.event_time >= :partition_start AND s.event_time < :partition_end";

        // when / then
        assertThatThrownBy(() -> impatient.stage(target, BACKFILL, p1, day("2026-03-01"), slow))
                .isInstanceOfSatisfying(
                        WarehouseException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
        assertThat(warehouse.checksum(target, DataSet.STAGED, day("2026-03-01"), p1))
                .isEqualTo(good.checksum());
        assertThat(warehouse.checkpointsOf(p1))
                .singleElement()
                .satisfies(c -> assertThat(c.checksum()).isEqualTo(good.checksum()));
    }
}
