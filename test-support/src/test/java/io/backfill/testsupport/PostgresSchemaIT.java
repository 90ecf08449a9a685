package io.backfill.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.testsupport.postgres.PostgresTestSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Self-test: a test schema is real, isolated, and gone after close. */
class PostgresSchemaIT {

    @Test
    void roundTripsRowsInItsOwnSchemaAndDropsItOnClose() throws SQLException {
        String schemaName;
        try (PostgresTestSchema schema = PostgresTestSchema.create(getClass().getSimpleName())) {
            schemaName = schema.schema();
            try (Connection connection = schema.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE greeting (text varchar(20))");
                statement.execute("INSERT INTO greeting VALUES ('hello')");
                try (ResultSet rows =
                        statement.executeQuery("SELECT table_schema || '.' || table_name, (SELECT text FROM greeting)"
                                + " FROM information_schema.tables WHERE table_name = 'greeting'"
                                + " AND table_schema = current_schema()")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo(schemaName + ".greeting");
                    assertThat(rows.getString(2)).isEqualTo("hello");
                }
            }
        }

        try (Connection connection = DriverManager.getConnection(PostgresTestSchema.DEFAULT_URL, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM information_schema.schemata"
                        + " WHERE schema_name = '" + schemaName + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void givesEveryOwnerADifferentSchema() {
        try (PostgresTestSchema first = PostgresTestSchema.create("Same");
                PostgresTestSchema second = PostgresTestSchema.create("Same")) {
            assertThat(first.schema()).isNotEqualTo(second.schema()).startsWith("t_same_");
        }
    }
}
