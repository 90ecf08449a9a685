package io.backfill.executor.app;

import io.backfill.executor.messaging.ExecutorNode;
import io.backfill.executor.sampler.LoadSampler;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.service.ServiceShell;
import io.backfill.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;

/**
 * The Quarkus shell around {@link ExecutorNode} and, when {@code backfill.load-sampler.enabled}, the
 * {@link LoadSampler}: builds them from configuration on start, closes them on shutdown. All
 * behaviour lives in those plain objects.
 */
@ApplicationScoped
public class ExecutorService {

    private final ExecutorConfig config;
    private final MeterRegistry meters;
    private Warehouse warehouse;
    private ExecutorNode node;
    private EventPublisher samplerPublisher;
    private LoadSampler sampler;
    private BrokerProbe broker;

    ExecutorService(ExecutorConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        warehouse = ServiceShell.openWarehouse(config.warehouse());
        String instanceId = config.instanceId().orElseGet(ExecutorService::defaultInstanceId);
        KafkaSettings kafka = ServiceShell.kafka(config, instanceId);
        ServiceShell.prepareTopicsAndSchemas(config, kafka);
        broker = new BrokerProbe(kafka);
        node = new ExecutorNode(Settings.executor(config, instanceId), kafka, warehouse, meters, Clock.systemUTC());
        node.start();
        if (config.loadSampler().enabled()) {
            samplerPublisher = new EventPublisher(kafka);
            sampler = new LoadSampler(
                    Settings.sampler(config, instanceId), warehouse, samplerPublisher, Clock.systemUTC(), meters);
            ExecutorNode admitting = node;
            sampler.reportAdmission(() -> admitting.decision().admittedBudget());
            sampler.overrides(admitting.operatorControls()::settings);
            sampler.start();
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "executor";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    boolean kafkaHealthy() {
        return node != null && node.healthy() && broker.reachable();
    }

    /** Why the load feed died, if it did (readiness says so). */
    java.util.Optional<String> loadFeedFailure() {
        return node == null ? java.util.Optional.empty() : node.loadFeedFailure();
    }

    java.util.Optional<String> operatorControlFeedFailure() {
        return node == null ? java.util.Optional.empty() : node.operatorControlFeedFailure();
    }

    boolean warehouseHealthy() {
        return ServiceShell.warehouseAnswers(warehouse);
    }

    ExecutorNode node() {
        return node;
    }

    void stop(@Observes ShutdownEvent event) {
        if (sampler != null) {
            sampler.close();
        }
        if (samplerPublisher != null) {
            samplerPublisher.close();
        }
        if (node != null) {
            node.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }
}
