package io.backfill.service;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The part of {@code backfill.*} every service has, with the same names and defaults everywhere. Each
 * service's {@code @ConfigMapping(prefix = "backfill")} interface extends this one and adds its own
 * members; a service's warehouse group extends {@link WarehouseConnection} and declares the statement
 * timeout with that service's default.
 */
public interface ServiceConfig {

    Registry registry();

    /** Create missing topics on start (development and tests; production topics come from deploy/). */
    @WithDefault("false")
    boolean createTopics();

    /** {@code backfill.registry.*} */
    interface Registry {
        /**
         * Base URL of the API {@link #api()} names: Apicurio's core API (http://registry:8080/apis/registry/v3)
         * or a Confluent-API registry (http://schema-registry:8081, or Apicurio's http://registry:8080/apis/ccompat/v7).
         */
        String url();

        /**
         * {@code apicurio} (the default: what every existing configuration's {@code /apis/registry/v3} URL
         * means, so an upgrade changes nothing) or {@code confluent} (Confluent Schema Registry, Redpanda,
         * Karapace, Apicurio's ccompat).
         */
        @WithDefault("apicurio")
        String api();

        /** Register schemas on first write: development and tests only. */
        @WithDefault("false")
        boolean autoRegister();
    }

    /** {@code backfill.warehouse.*}: where the warehouse is and what the coordinator may touch there. */
    interface WarehouseConnection {
        /** jdbc:postgresql://… or jdbc:duckdb:/path/file.duckdb. */
        String jdbcUrl();

        @WithDefault("postgres")
        String user();

        Optional<String> password();

        /** Schema holding the coordinator's staging, corridor and control tables. */
        @WithDefault("backfill_control")
        String controlSchema();

        /** Schemas whose tables may be backfill targets (and, for the validator, read by checks). */
        @WithName("allowed-schemas")
        Set<String> allowedSchemas();

        /** Limit for every single statement; each service declares its own default. */
        Duration statementTimeout();
    }
}
