package io.backfill.executor.app;

import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.executor.messaging.ExecutorNode;
import io.backfill.executor.sampler.LoadSampler;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaClientOverrides;
import io.backfill.messaging.KafkaSettings;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Quarkus shell around {@link ExecutorNode} and, when {@code backfill.load-sampler.enabled}, the
 * {@link LoadSampler}: builds them from configuration on start, closes them on shutdown. All
 * behaviour lives in those plain objects.
 */
@ApplicationScoped
public class ExecutorService {

    private final ExecutorConfig config;
    private final String bootstrapServers;
    private final MeterRegistry meters;
    private Warehouse warehouse;
    private ExecutorNode node;
    private EventPublisher samplerPublisher;
    private LoadSampler sampler;
    private BrokerProbe broker;

    ExecutorService(
            ExecutorConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            MeterRegistry meters) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        ExecutorConfig.Warehouse wh = config.warehouse();
        warehouse = new WarehouseLocation(wh.jdbcUrl(), wh.user(), wh.password().orElse(""))
                .open(WarehouseSettings.of(wh.controlSchema(), wh.allowedSchemas())
                        .withStatementTimeout(wh.statementTimeout()));
        String instanceId = config.instanceId().orElseGet(ExecutorService::defaultInstanceId);
        KafkaSettings kafka = new KafkaSettings(
                bootstrapServers,
                new RegistrySettings(config.registry().url(), config.registry().autoRegister()),
                instanceId,
                kafkaClientOverrides());
        if (config.createTopics()) {
            try (Admin admin = Admin.create(kafka.baseProperties("admin"))) {
                new TopicProvisioner(admin, (short) 1).createMissing();
            }
        }
        broker = new BrokerProbe(kafka);
        node = new ExecutorNode(Settings.executor(config, instanceId), kafka, warehouse, meters, Clock.systemUTC());
        node.start();
        if (config.loadSampler().enabled()) {
            samplerPublisher = new EventPublisher(kafka);
            sampler = new LoadSampler(
                    Settings.sampler(config, instanceId), warehouse, samplerPublisher, Clock.systemUTC(), meters);
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

    boolean warehouseHealthy() {
        try {
            return warehouse != null && warehouse.canary("SELECT 1").compareTo(Duration.ofSeconds(5)) < 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    ExecutorNode node() {
        return node;
    }

    /** TLS, SASL and other client settings from {@code kafka.*} properties or {@code KAFKA_*} variables. */
    private static Map<String, String> kafkaClientOverrides() {
        Config all = ConfigProvider.getConfig();
        return KafkaClientOverrides.from(all.getPropertyNames(), name -> all.getOptionalValue(name, String.class));
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
