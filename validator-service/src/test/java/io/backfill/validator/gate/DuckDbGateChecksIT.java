package io.backfill.validator.gate;

import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.WarehouseDialect;
import io.backfill.warehouse.duckdb.DuckDbConnections;
import io.backfill.warehouse.duckdb.DuckDbDialect;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The gate checks against an embedded DuckDB database file in a fresh temporary directory. */
class DuckDbGateChecksIT extends GateChecksContractIT {

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
}
