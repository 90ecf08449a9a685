package io.backfill.validator.app;

import io.backfill.events.GateDecision;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.messaging.KafkaClientOverrides;
import io.backfill.messaging.KafkaSettings;
import io.backfill.validator.messaging.ValidatorNode;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Quarkus shell around {@link ValidatorNode}: builds it from configuration on start, counts
 * decisions for Prometheus, closes it on shutdown. All behaviour lives in the node.
 */
@ApplicationScoped
public class ValidatorService {

    private final ValidatorConfig config;
    private final String bootstrapServers;
    private final MeterRegistry meters;
    private Warehouse warehouse;
    private ValidatorNode node;

    ValidatorService(
            ValidatorConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            MeterRegistry meters) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        ValidatorConfig.Warehouse wh = config.warehouse();
        warehouse = new WarehouseLocation(
                        ReadOnly.url(wh.jdbcUrl()), wh.user(), wh.password().orElse(""))
                .open(WarehouseSettings.of(wh.controlSchema(), wh.allowedSchemas())
                        .withStatementTimeout(wh.statementTimeout()));
        KafkaSettings kafka = new KafkaSettings(
                bootstrapServers,
                new RegistrySettings(config.registry().url(), config.registry().autoRegister()),
                config.instanceId(),
                kafkaClientOverrides());
        if (config.createTopics()) {
            try (Admin admin = Admin.create(kafka.baseProperties("admin"))) {
                new TopicProvisioner(admin, (short) 1).createMissing();
            }
        }
        node = new ValidatorNode(
                kafka, warehouse, config.warehouseId(), config.groupId(), Clock.systemUTC(), this::count);
        node.start();
    }

    private void count(GateDecision decision) {
        meters.counter(
                        "backfill_gate_decisions",
                        "outcome",
                        decision.getOutcome().name())
                .increment();
    }

    boolean healthy() {
        return node != null && node.healthy();
    }

    Warehouse warehouse() {
        return warehouse;
    }

    /** TLS, SASL and other client settings from {@code kafka.*} properties or {@code KAFKA_*} variables. */
    private static Map<String, String> kafkaClientOverrides() {
        Config all = ConfigProvider.getConfig();
        return KafkaClientOverrides.from(all.getPropertyNames(), name -> all.getOptionalValue(name, String.class));
    }

    void stop(@Observes ShutdownEvent event) {
        if (node != null) {
            node.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }
}
