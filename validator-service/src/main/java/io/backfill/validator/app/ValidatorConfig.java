package io.backfill.validator.app;

import io.backfill.service.ServiceConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Everything the validator is configured with ({@code backfill.*} in application.properties or env): the
 * registry and {@code create-topics} as every service has them ({@link ServiceConfig}), and its own.
 */
@ConfigMapping(prefix = "backfill")
public interface ValidatorConfig extends ServiceConfig {

    Warehouse warehouse();

    /** The warehouse whose phases this validator gates: one validator deployment per warehouse. */
    @WithDefault("default")
    String warehouseId();

    /** Consumer group of all validator instances. */
    @WithDefault("validator-service")
    String groupId();

    /** Names this instance in client ids and logs. */
    @WithDefault("validator")
    String instanceId();

    /** Opened read-only on PostgreSQL ({@link ReadOnly}); checks read the allowed schemas (targets, dimensions). */
    interface Warehouse extends ServiceConfig.WarehouseConnection {
        /** Limit for every check query; a check that hits it fails the gate. */
        @Override
        @WithDefault("PT2M")
        Duration statementTimeout();
    }
}
