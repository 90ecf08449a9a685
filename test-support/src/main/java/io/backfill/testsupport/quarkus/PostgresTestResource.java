package io.backfill.testsupport.quarkus;

import io.backfill.testsupport.postgres.PostgresTestSchema;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that gives the application its own PostgreSQL schema, dropped when the
 * test resource stops. Exposes {@code backfill.warehouse.jdbc-url}, {@code backfill.warehouse.schema}
 * and credentials.
 */
public final class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private PostgresTestSchema schema;

    @Override
    public Map<String, String> start() {
        schema = PostgresTestSchema.create("quarkus");
        return Map.of(
                "backfill.warehouse.jdbc-url", schema.jdbcUrl(),
                "backfill.warehouse.schema", schema.schema(),
                "backfill.warehouse.user", schema.user(),
                "backfill.warehouse.password", schema.password());
    }

    @Override
    public void stop() {
        if (schema != null) {
            schema.close();
        }
    }
}
