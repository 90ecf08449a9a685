package io.backfill.validator.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Everything the validator is configured with ({@code backfill.*} in application.properties or env). */
@ConfigMapping(prefix = "backfill")
public interface ValidatorConfig {

    Registry registry();

    Warehouse warehouse();

    /** The warehouse whose phases this validator gates: one validator deployment per warehouse. */
    @WithDefault("default")
    String warehouseId();

    /** Consumer group of all validator instances. */
    @WithDefault("validator-service")
    String groupId();

    /** Create missing topics on start (development and tests; production topics come from deploy/). */
    @WithDefault("false")
    boolean createTopics();

    /** Names this instance in client ids and logs. */
    @WithDefault("validator")
    String instanceId();

    interface Registry {
        /** Apicurio core API, e.g. http://registry:8080/apis/registry/v3. */
        String url();

        /** Register schemas on first write: development and tests only. */
        @WithDefault("false")
        boolean autoRegister();
    }

    interface Warehouse {
        /** jdbc:postgresql://… (opened read-only) or jdbc:duckdb:/path/file.duckdb. */
        String jdbcUrl();

        @WithDefault("postgres")
        String user();

        Optional<String> password();

        /** Schema holding the coordinator's staging, corridor and control tables. */
        @WithDefault("backfill_control")
        String controlSchema();

        /** Schemas whose tables checks may read (targets, dimensions). */
        @WithName("allowed-schemas")
        Set<String> allowedSchemas();

        /** Limit for every check query; a check that hits it fails the gate. */
        @WithDefault("PT2M")
        Duration statementTimeout();
    }
}
