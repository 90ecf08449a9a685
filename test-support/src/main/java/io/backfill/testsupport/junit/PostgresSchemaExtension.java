package io.backfill.testsupport.junit;

import io.backfill.testsupport.postgres.PostgresTestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class its own PostgreSQL schema, created before the first test and dropped after the
 * last. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();
 * }</pre>
 */
public final class PostgresSchemaExtension implements BeforeAllCallback, AfterAllCallback {

    private PostgresTestSchema schema;

    @Override
    public void beforeAll(ExtensionContext context) {
        schema = PostgresTestSchema.create(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (schema != null) {
            schema.close();
            schema = null;
        }
    }

    public PostgresTestSchema schema() {
        if (schema == null) {
            throw new IllegalStateException("PostgresSchemaExtension is used outside its test class lifecycle");
        }
        return schema;
    }

    public String schemaName() {
        return schema().schema();
    }

    public String jdbcUrl() {
        return schema().jdbcUrl();
    }

    public Connection connect() throws SQLException {
        return schema().connect();
    }
}
