package io.backfill.testsupport.postgres;

import java.util.Objects;

/**
 * A PostgreSQL server the tests may create schemas and databases on, and where it came from.
 *
 * @param url JDBC URL of a database on the server ({@code jdbc:postgresql://host:port/db})
 * @param origin how it was found, for messages: a configured URL, the default local server, or a container
 */
public record PostgresServer(String url, String user, String password, String origin) {

    public PostgresServer {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The server every test of this JVM uses (see {@link PostgresServers}). */
    public static PostgresServer shared() {
        return PostgresServers.shared();
    }
}
