package io.backfill.service;

import io.backfill.events.registry.RegisteredContract;
import io.backfill.events.serde.RegistryApi;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaClientOverrides;
import io.backfill.messaging.KafkaSettings;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What every service shell (planner, executor, validator) builds from its configuration before it
 * starts its node: the Kafka settings, the topics when asked to create them, the warehouse, and the
 * warehouse half of its readiness check. Plain static methods over {@link ServiceConfig} and
 * MicroProfile {@link Config}, so they are unit-tested without Quarkus.
 */
public final class ServiceShell {

    /** Outside {@code backfill.*}: the name Kafka users expect, {@code KAFKA_BOOTSTRAP_SERVERS} in the environment. */
    static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    /** A warehouse slower than this to answer {@code SELECT 1} is not ready. */
    static final Duration READY_CANARY_LIMIT = Duration.ofSeconds(5);

    private ServiceShell() {}

    /** Kafka and registry settings of this service, read from the application's configuration. */
    public static KafkaSettings kafka(ServiceConfig config, String instanceId) {
        return kafka(config, instanceId, ConfigProvider.getConfig());
    }

    /**
     * @param instanceId names this instance in client ids
     * @param all the whole configuration: {@code kafka.bootstrap.servers} and the client overrides come from it
     */
    public static KafkaSettings kafka(ServiceConfig config, String instanceId, Config all) {
        return new KafkaSettings(
                all.getValue(BOOTSTRAP_SERVERS, String.class),
                registry(config.registry()),
                instanceId,
                kafkaClientOverrides(all));
    }

    /** The registry settings of {@code backfill.registry.*}; an unknown api is refused naming the choices. */
    public static RegistrySettings registry(ServiceConfig.Registry registry) {
        return new RegistrySettings(registry.url(), registry.autoRegister(), RegistryApi.parse(registry.api()));
    }

    /** TLS, SASL and other client settings from {@code kafka.*} properties or {@code KAFKA_*} variables. */
    public static Map<String, String> kafkaClientOverrides(Config all) {
        return KafkaClientOverrides.from(all.getPropertyNames(), name -> all.getOptionalValue(name, String.class));
    }

    /** Creates the missing topics when {@code backfill.create-topics} is on (one replica: development and tests). */
    public static void createTopicsIfAsked(ServiceConfig config, KafkaSettings kafka) {
        if (config.createTopics()) {
            try (Admin admin = Admin.create(kafka.baseProperties("admin"))) {
                new TopicProvisioner(admin, (short) 1).createMissing();
            }
        }
    }

    /**
     * What a service does before it starts consuming: creates the topics when asked, and, with
     * auto-register off (production), refuses to start unless the registry has every topic's value
     * schema; the exception names the missing subjects and the command that registers them.
     */
    public static void prepareTopicsAndSchemas(ServiceConfig config, KafkaSettings kafka) {
        createTopicsIfAsked(config, kafka);
        RegisteredContract.require(kafka.registry(), Topics.ALL);
    }

    /** Opens the configured warehouse; the caller closes it. */
    public static Warehouse openWarehouse(ServiceConfig.WarehouseConnection wh) {
        return openWarehouse(wh, wh.jdbcUrl());
    }

    /** Opens the configured warehouse at {@code jdbcUrl} instead (the validator's read-only variant of it). */
    public static Warehouse openWarehouse(ServiceConfig.WarehouseConnection wh, String jdbcUrl) {
        return new WarehouseLocation(jdbcUrl, wh.user(), wh.password().orElse(""))
                .open(WarehouseSettings.of(wh.controlSchema(), wh.allowedSchemas())
                        .withStatementTimeout(wh.statementTimeout()));
    }

    /** Readiness: the warehouse is open and answers a trivial query quickly; never throws. */
    public static boolean warehouseAnswers(Warehouse warehouse) {
        try {
            return warehouse != null && warehouse.canary("SELECT 1").compareTo(READY_CANARY_LIMIT) < 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
