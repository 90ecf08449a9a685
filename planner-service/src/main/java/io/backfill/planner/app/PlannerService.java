package io.backfill.planner.app;

import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.messaging.PlannerNode;
import io.backfill.planner.metrics.PlannerMetrics;
import io.backfill.planner.status.StatusView;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.service.ServiceShell;
import io.backfill.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The Quarkus shell around {@link PlannerNode} and {@link StatusView}: builds them from configuration on
 * start (the node first rebuilds its state from Kafka), exposes the publisher the REST resource writes
 * requests and commands with ({@code backfill-requests}, {@code backfill-commands}), and closes
 * everything on shutdown. All behaviour lives in the plain classes.
 */
@ApplicationScoped
public class PlannerService {

    private final PlannerConfig config;
    private final MeterRegistry meters;
    private Warehouse warehouse;
    private PlannerNode node;
    private RequestIntake intake;
    private StatusView view;
    private EventPublisher publisher;

    PlannerService(PlannerConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        warehouse = ServiceShell.openWarehouse(config.warehouse());
        KafkaSettings kafka = ServiceShell.kafka(config, config.instanceId());
        ServiceShell.prepareTopicsAndSchemas(config, kafka);
        publisher = new EventPublisher(kafka);
        intake = new RequestIntake(warehouse, intakeSettings(config.planner()));
        node = new PlannerNode(kafka, intake, nodeSettings(config), Clock.systemUTC(), new PlannerMetrics(meters));
        node.start();
        PlannerConfig.StatusView sv = config.statusView();
        view = new StatusView(kafka, sv.applicationId(), Path.of(sv.stateDir()), sv.commitInterval());
        view.start();
    }

    static PlannerNode.Settings nodeSettings(PlannerConfig config) {
        PlannerConfig.Planner p = config.planner();
        return new PlannerNode.Settings(
                config.groupId(),
                config.warehouseId(),
                p.tickInterval(),
                new Planner.Settings(p.warehouseMaxPhasesInFlight(), p.starvationAfter(), p.stuckAfter()),
                p.stallAfter());
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

    /** The planner's own request validation (mapping, rules, catalogue), which REST runs before it publishes. */
    public RequestIntake intake() {
        return intake;
    }

    public StatusView view() {
        return view;
    }

    /** The planner loop's readiness and why (rebuilding, fenced, stalled, following its inputs). */
    PlannerNode.Health plannerHealth() {
        return node == null ? new PlannerNode.Health(false, "not started") : node.health();
    }

    boolean viewHealthy() {
        return view != null && !view.failed();
    }

    boolean warehouseAnswers() {
        return ServiceShell.warehouseAnswers(warehouse);
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
