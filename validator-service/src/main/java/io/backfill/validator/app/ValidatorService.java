package io.backfill.validator.app;

import io.backfill.events.GateDecision;
import io.backfill.messaging.KafkaSettings;
import io.backfill.service.ServiceShell;
import io.backfill.validator.messaging.ValidatorNode;
import io.backfill.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/**
 * The Quarkus shell around {@link ValidatorNode}: builds it from configuration on start, counts
 * decisions for Prometheus, closes it on shutdown. All behaviour lives in the node.
 */
@ApplicationScoped
public class ValidatorService {

    private final ValidatorConfig config;
    private final MeterRegistry meters;
    private Warehouse warehouse;
    private ValidatorNode node;

    ValidatorService(ValidatorConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        warehouse = ServiceShell.openWarehouse(
                config.warehouse(), ReadOnly.url(config.warehouse().jdbcUrl()));
        KafkaSettings kafka = ServiceShell.kafka(config, config.instanceId());
        ServiceShell.prepareTopicsAndSchemas(config, kafka);
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

    void stop(@Observes ShutdownEvent event) {
        if (node != null) {
            node.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }
}
