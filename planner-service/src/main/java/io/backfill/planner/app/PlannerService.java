package io.backfill.planner.app;

import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.TopicProvisioner;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaClientOverrides;
import io.backfill.messaging.KafkaSettings;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.messaging.PlannerNode;
import io.backfill.planner.metrics.PlannerMetrics;
import io.backfill.planner.status.StatusView;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Quarkus shell around {@link PlannerNode} and {@link StatusView}: builds them from configuration on
 * start (the node first rebuilds its state from Kafka), exposes the publisher the REST resource writes
 * requests and commands with ({@code backfill-requests}, {@code backfill-commands}), and closes
 * everything on shutdown. All behaviour lives in the plain classes.
 */
@ApplicationScoped
public class PlannerService {

    private final PlannerConfig config;
    private final String bootstrapServers;
    private final MeterRegistry meters;
    private Warehouse warehouse;
    private PlannerNode node;
    private StatusView view;
    private EventPublisher publisher;

    PlannerService(
            PlannerConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            MeterRegistry meters) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        PlannerConfig.Warehouse wh = config.warehouse();
        warehouse = new WarehouseLocation(wh.jdbcUrl(), wh.user(), wh.password().orElse(""))
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
        publisher = new EventPublisher(kafka);
        node = new PlannerNode(
                kafka,
                new RequestIntake(warehouse, intakeSettings(config.planner())),
                nodeSettings(config),
                Clock.systemUTC(),
                new PlannerMetrics(meters));
        node.start();
        PlannerConfig.StatusView sv = config.statusView();
        view = new StatusView(kafka, sv.applicationId(), Path.of(sv.stateDir()), sv.commitInterval());
        view.start();
    }

    /** TLS, SASL and other client settings from {@code kafka.*} properties or {@code KAFKA_*} variables. */
    private static Map<String, String> kafkaClientOverrides() {
        Config all = ConfigProvider.getConfig();
        return KafkaClientOverrides.from(all.getPropertyNames(), name -> all.getOptionalValue(name, String.class));
    }

    static PlannerNode.Settings nodeSettings(PlannerConfig config) {
        PlannerConfig.Planner p = config.planner();
        return new PlannerNode.Settings(
                config.groupId(),
                config.warehouseId(),
                p.tickInterval(),
                new Planner.Settings(p.warehouseMaxPhasesInFlight(), p.starvationAfter(), p.stuckAfter()));
    }

    static RequestIntake.Settings intakeSettings(PlannerConfig.Planner p) {
        return new RequestIntake.Settings(
                p.targetPhaseDuration(),
                p.minPartitionsPerPhase(),
                p.maxPartitionsPerPhase(),
                p.rowsPerSecond(),
                p.defaultPartitionRows());
    }

    public EventPublisher publisher() {
        return publisher;
    }

    public String warehouseId() {
        return config.warehouseId();
    }

    public StatusView view() {
        return view;
    }

    boolean healthy() {
        return node != null && node.healthy();
    }

    boolean viewHealthy() {
        return view != null && !view.failed();
    }

    boolean warehouseAnswers() {
        try {
            return warehouse != null && warehouse.canary("SELECT 1").compareTo(Duration.ofSeconds(5)) < 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (view != null) {
            view.close();
        }
        if (node != null) {
            node.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }
}
