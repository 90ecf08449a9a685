package io.backfill.testsupport.quarkus;

import io.backfill.testsupport.postgres.PostgresTestSchema;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that gives the application its own PostgreSQL schema, dropped when the
 * test resource stops. Sets {@code backfill.warehouse.jdbc-url}, credentials, and makes the schema both
 * the control schema and the only allowed one; {@code test-support.postgres.schema} names it for tests.
 */
public final class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private PostgresTestSchema schema;

    @Override
    public Map<String, String> start() {
        schema = PostgresTestSchema.create("quarkus");
        return Map.of(
                "backfill.warehouse.jdbc-url", schema.jdbcUrl(),
                "backfill.warehouse.user", schema.user(),
                "backfill.warehouse.password", schema.password(),
                "backfill.warehouse.control-schema", schema.schema(),
                "backfill.warehouse.allowed-schemas", schema.schema(),
                // Outside the backfill.* mapping, which refuses keys it does not know.
                "test-support.postgres.schema", schema.schema());
    }

    @Override
    public void stop() {
        if (schema != null) {
            schema.close();
        }
    }
}
