package io.backfill.warehouse.postgres;

import io.backfill.warehouse.ConnectionSource;
import io.backfill.warehouse.WarehouseDialect;
import io.backfill.warehouse.WarehouseDialectProvider;

/** PostgreSQL at {@code jdbc:postgresql://host:port/database[?…]}: a new connection per call. */
public final class PostgresDialectProvider implements WarehouseDialectProvider {

    @Override
    public String urlPrefix() {
        return "jdbc:postgresql:";
    }

    @Override
    public ConnectionSource connect(String jdbcUrl, String user, String password) {
        return new PostgresConnections(jdbcUrl, user, password);
    }

    @Override
    public WarehouseDialect dialect() {
        return new PostgresDialect();
    }
}
