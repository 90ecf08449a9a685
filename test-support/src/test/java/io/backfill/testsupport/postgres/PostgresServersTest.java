package io.backfill.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.testsupport.postgres.PostgresServers.Source;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class PostgresServersTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;

    @Test
    void autoUsesAConfiguredUrlEvenWhenDockerIsReachable() {
        assertThat(PostgresServers.choose(Map.of("BACKFILL_PG_URL", "jdbc:postgresql://db/test")::get, DOCKER))
                .isEqualTo(Source.SERVER);
    }

    @Test
    void autoTakesAContainerWhenDockerIsReachableAndNoUrlIsConfigured() {
        assertThat(PostgresServers.choose(Map.<String, String>of()::get, DOCKER))
                .isEqualTo(Source.TESTCONTAINERS);
    }

    @Test
    void autoFallsBackToTheLocalServerWithoutDocker() {
        assertThat(PostgresServers.choose(Map.<String, String>of()::get, NO_DOCKER))
                .isEqualTo(Source.SERVER);
    }

    @Test
    void anExplicitSourceWinsAndDockerIsNotAsked() {
        BooleanSupplier mustNotBeAsked = () -> {
            throw new AssertionError("Docker asked although the source is explicit");
        };

        assertThat(PostgresServers.choose(Map.of("BACKFILL_PG_SOURCE", "server")::get, mustNotBeAsked))
                .isEqualTo(Source.SERVER);
        assertThat(PostgresServers.choose(
                        Map.of("BACKFILL_PG_SOURCE", "Testcontainers", "BACKFILL_PG_URL", "jdbc:postgresql://db/x")
                                ::get,
                        mustNotBeAsked))
                .isEqualTo(Source.TESTCONTAINERS);
    }

    @Test
    void rejectsAnUnknownSourceNamingTheChoices() {
        assertThatThrownBy(() -> PostgresServers.choose(Map.of("BACKFILL_PG_SOURCE", "docker")::get, DOCKER))
                .hasMessageContaining("BACKFILL_PG_SOURCE=docker")
                .hasMessageContaining("auto, server, testcontainers");
    }

    @Test
    void configuredServerHasTheDocumentedDefaults() {
        PostgresServer server = PostgresServers.configured(Map.<String, String>of()::get);

        assertThat(server.url()).isEqualTo(PostgresTestSchema.DEFAULT_URL);
        assertThat(server.user()).isEqualTo("postgres");
        assertThat(server.password()).isEmpty();
    }

    @Test
    void theDefaultImageIsTheOfficialOneAndAnyOtherNameIsAcceptedAsItsSubstitute() {
        assertThat(PostgresServers.image(null).asCanonicalNameString()).isEqualTo("postgres:17");
        assertThat(PostgresServers.image("backfill/postgres:15-bookworm")
                        .isCompatibleWith(org.testcontainers.utility.DockerImageName.parse("postgres")))
                .isTrue();
    }
}
