package io.backfill.testsupport.postgres;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds the PostgreSQL server of this test JVM, once.
 *
 * <p>{@code BACKFILL_PG_SOURCE} (environment variable or system property) says where from:
 *
 * <ul>
 *   <li>{@code server}: {@code BACKFILL_PG_URL} (default {@value PostgresTestSchema#DEFAULT_URL}) with
 *       {@code BACKFILL_PG_USER} / {@code BACKFILL_PG_PASSWORD};
 *   <li>{@code testcontainers}: a container of {@code BACKFILL_TC_POSTGRES_IMAGE} (default
 *       {@value #DEFAULT_IMAGE}, the official image), started on first use and stopped when the JVM exits;
 *       fails with the reason when no Docker engine is reachable;
 *   <li>{@code auto} (the default): {@code server} when {@code BACKFILL_PG_URL} is set, else
 *       {@code testcontainers} when a Docker engine is reachable (a developer laptop), else the default
 *       local server (the CI machines, which run PostgreSQL themselves).
 * </ul>
 */
public final class PostgresServers {

    /** The official image; any image that behaves like it can be named instead. */
    public static final String DEFAULT_IMAGE = "postgres:17";

    static final String SOURCE = "BACKFILL_PG_SOURCE";
    static final String URL = "BACKFILL_PG_URL";
    static final String IMAGE = "BACKFILL_TC_POSTGRES_IMAGE";

    enum Source {
        SERVER,
        TESTCONTAINERS
    }

    private static PostgresServer shared;

    private PostgresServers() {}

    static synchronized PostgresServer shared() {
        if (shared == null) {
            Function<String, String> settings = PostgresServers::setting;
            shared = switch (choose(
                    settings, () -> DockerClientFactory.instance().isDockerAvailable())) {
                case SERVER -> configured(settings);
                case TESTCONTAINERS -> container(settings.apply(IMAGE));
            };
        }
        return shared;
    }

    /** The rule above, as a plain function of the settings and whether Docker answers (asked only in auto mode). */
    static Source choose(Function<String, String> settings, BooleanSupplier dockerReachable) {
        String source = settings.apply(SOURCE);
        String mode = source == null ? "auto" : source.toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "server" -> Source.SERVER;
            case "testcontainers" -> Source.TESTCONTAINERS;
            case "auto" ->
                settings.apply(URL) != null || !dockerReachable.getAsBoolean() ? Source.SERVER : Source.TESTCONTAINERS;
            default ->
                throw new IllegalArgumentException(
                        SOURCE + "=" + source + " is not one of auto, server, testcontainers");
        };
    }

    static PostgresServer configured(Function<String, String> settings) {
        String url = settings.apply(URL);
        return new PostgresServer(
                url == null ? PostgresTestSchema.DEFAULT_URL : url,
                orElse(settings.apply("BACKFILL_PG_USER"), "postgres"),
                orElse(settings.apply("BACKFILL_PG_PASSWORD"), ""),
                url == null ? "the default local server" : URL);
    }

    /** The image to run: compatible with the official one for Testcontainers' checks whatever it is called. */
    static DockerImageName image(String configured) {
        return DockerImageName.parse(orElse(configured, DEFAULT_IMAGE)).asCompatibleSubstituteFor("postgres");
    }

    private static PostgresServer container(String configuredImage) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(SOURCE + "=testcontainers, but no Docker engine is reachable");
        }
        DockerImageName image = image(configuredImage);
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(image)
                .withDatabaseName("test")
                .withUsername("postgres")
                .withPassword("postgres");
        container.start();
        // Ryuk cannot run where no image registry is reachable, so the JVM stops its own container.
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-postgres-container"));
        return new PostgresServer(
                container.getJdbcUrl(),
                container.getUsername(),
                container.getPassword(),
                "Testcontainers (" + image.asCanonicalNameString() + ")");
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
