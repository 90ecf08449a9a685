package io.backfill.warehouse;

import java.sql.SQLException;

/**
 * The service-provider entry of one warehouse kind: which JDBC URLs it takes, how it connects, and its
 * {@link WarehouseDialect}. {@link WarehouseLocation#open} finds providers with {@link java.util.ServiceLoader},
 * so a new warehouse is one dialect, one provider and one line naming the provider in
 * {@code META-INF/services/io.backfill.warehouse.WarehouseDialectProvider} of its jar; nothing here changes.
 *
 * <p>Implementations need a public no-argument constructor and must not connect in it.
 */
public interface WarehouseDialectProvider {

    /**
     * The JDBC URL prefix this provider takes, e.g. {@code jdbc:postgresql:}; listed in the error for a URL
     * no provider takes.
     */
    String urlPrefix();

    /** Whether this provider opens {@code jdbcUrl}; by default, whether the URL starts with the prefix. */
    default boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith(urlPrefix());
    }

    /** A source of connections to the warehouse at an accepted {@code jdbcUrl}; the caller closes it. */
    ConnectionSource connect(String jdbcUrl, String user, String password) throws SQLException;

    /** The dialect of this warehouse (stateless: it may be shared). */
    WarehouseDialect dialect();
}
