package io.backfill.validator.gate;

import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.postgres.PostgresTestSchema;
import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.WarehouseDialect;
import io.backfill.warehouse.postgres.PostgresConnections;
import io.backfill.warehouse.postgres.PostgresDialect;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gate checks against a real PostgreSQL server, in a schema of its own. */
class PostgresGateChecksIT extends GateChecksContractIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    @Override
    protected ConnectionSource openConnections() {
        PostgresTestSchema schema = POSTGRES.schema();
        return new PostgresConnections(schema.serverUrl(), schema.user(), schema.password());
    }

    @Override
    protected WarehouseDialect dialect() {
        return new PostgresDialect();
    }

    @Override
    protected String schema() {
        return POSTGRES.schemaName();
    }

    @Override
    protected String slowQuery() {
        return "SELECT pg_sleep(30)";
    }
}
