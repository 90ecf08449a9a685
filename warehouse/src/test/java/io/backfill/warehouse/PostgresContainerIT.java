package io.backfill.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.testsupport.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Run only by the {@code testcontainers} failsafe execution (see this module's pom), next to
 * {@link PostgresWarehouseIT}: proves that execution's PostgreSQL really is a container started by
 * Testcontainers, not the local server the other execution uses.
 */
class PostgresContainerIT {

    @Test
    void theSharedServerIsAContainerThatAnswers() throws Exception {
        PostgresServer server = PostgresServer.shared();

        assertThat(server.origin()).startsWith("Testcontainers");
        assertThat(server.url()).doesNotContain(":5432/");
        try (Connection connection = DriverManager.getConnection(server.url(), server.user(), server.password());
                Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("SHOW server_version_num")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getInt(1)).isGreaterThanOrEqualTo(150000);
        }
    }
}
