package io.backfill.warehouse;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Which warehouse to open, by JDBC URL: {@code jdbc:postgresql://…} or {@code jdbc:duckdb:/path/file.duckdb}
 * ({@code jdbc:duckdb:} alone is an in-memory database), or any other kind a
 * {@link WarehouseDialectProvider} on the class path registers through {@link ServiceLoader}. The first
 * provider that accepts the URL opens it, so a new warehouse kind means one dialect and provider plus one
 * line in {@code META-INF/services/io.backfill.warehouse.WarehouseDialectProvider}, and nothing here.
 */
public record WarehouseLocation(String jdbcUrl, String user, String password) {

    public WarehouseLocation {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * Opens the warehouse; the caller closes it.
     *
     * @throws IllegalArgumentException when no provider accepts the URL, listing the prefixes they accept
     * @throws WarehouseException when the warehouse cannot be reached
     */
    public Warehouse open(WarehouseSettings settings) {
        List<WarehouseDialectProvider> providers = providers();
        for (WarehouseDialectProvider provider : providers) {
            if (provider.accepts(jdbcUrl)) {
                try {
                    return new Warehouse(provider.connect(jdbcUrl, user, password), provider.dialect(), settings);
                } catch (SQLException e) {
                    throw new WarehouseException(FailureClassifier.classify(e), "cannot open warehouse " + jdbcUrl, e);
                }
            }
        }
        List<String> prefixes =
                providers.stream().map(WarehouseDialectProvider::urlPrefix).toList();
        throw new IllegalArgumentException("unsupported warehouse URL '" + jdbcUrl + "': "
                + (prefixes.isEmpty()
                        ? "no WarehouseDialectProvider is registered (META-INF/services missing from the class path?)"
                        : "expected a URL starting with " + String.join(" or ", prefixes)));
    }

    /**
     * The registered providers, looked up on each open (a service opens its warehouse once). They are loaded
     * through this interface's class loader rather than the thread's: under Quarkus the thread context loader
     * can differ, and a provider from another loader would not be a {@link WarehouseDialectProvider} here.
     */
    private static List<WarehouseDialectProvider> providers() {
        return ServiceLoader.load(WarehouseDialectProvider.class, WarehouseDialectProvider.class.getClassLoader())
                .stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}
