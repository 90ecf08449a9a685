package io.backfill.planner.app;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.AdmissionControlKind;
import io.backfill.events.topics.AdmissionControlKey;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.planner.admission.AdmissionControlBook;
import io.backfill.planner.admission.AdmissionControlFeed;
import io.backfill.planner.alerting.AlertSink;
import io.backfill.planner.alerting.AlertWebhook;
import io.backfill.planner.alerting.WebhookFormat;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.projection.LoadBreachWatch;
import io.backfill.planner.history.HistoryFeed;
import io.backfill.planner.history.HistoryIndex;
import io.backfill.planner.load.LoadTimeline;
import io.backfill.planner.load.WarehouseLoadFeed;
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
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The Quarkus shell around {@link PlannerNode}, {@link StatusView}, the audit history ({@link HistoryFeed}),
 * the load picture ({@link WarehouseLoadFeed}) and the alert webhook ({@link AlertSink}, when a URL is set):
 * builds them from configuration on
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
    private HistoryIndex history;
    private HistoryFeed historyFeed;
    private LoadTimeline load;
    private WarehouseLoadFeed loadFeed;
    private AlertSink alertSink;
    private AdmissionControlBook admissionControls;
    private AdmissionControlFeed admissionControlFeed;

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
        load = new LoadTimeline(config.load().timeline(), config.load().maxSamples());
        loadFeed = new WarehouseLoadFeed(kafka, config.warehouseId(), load);
        loadFeed.start();
        admissionControls = new AdmissionControlBook(config.warehouseId());
        admissionControlFeed = new AdmissionControlFeed(kafka, admissionControls);
        admissionControlFeed.start();
        node = new PlannerNode(kafka, intake, nodeSettings(config), Clock.systemUTC(), new PlannerMetrics(meters));
        node.observeLoad(load::latest, loadBreach(config.alerts().loadBreach()));
        node.observeThrottles(admissionControls::throttleReason);
        node.start();
        history = new HistoryIndex(
                config.history().maxEventsPerBackfill(), config.history().maxEvents());
        historyFeed = new HistoryFeed(kafka, history);
        historyFeed.start();
        PlannerConfig.Webhook hook = config.alerts().webhook();
        if (hook.url().isPresent()) {
            alertSink = new AlertSink(
                    kafka,
                    hook.groupId(),
                    new AlertWebhook(new AlertWebhook.Settings(
                            URI.create(hook.url().get()),
                            WebhookFormat.parse(hook.format()),
                            hook.maxAttempts(),
                            hook.backoff(),
                            hook.timeout())),
                    meters);
            alertSink.start();
        }
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

    static LoadBreachWatch.Settings loadBreach(PlannerConfig.LoadBreach b) {
        return new LoadBreachWatch.Settings(b.pressure(), b.latencyRatio().orElse(null), b.sustainFor());
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

    /** Every event about every backfill, rebuilt from the topics (null before start). */
    public HistoryIndex history() {
        return history;
    }

    /** True once the history holds everything that was on the topics at start. */
    public boolean historyReady() {
        return historyFeed != null && historyFeed.caughtUp();
    }

    /** The warehouse's recent load samples (null before start). */
    public LoadTimeline load() {
        return load;
    }

    /** The operators' admission settings and manual throttles of this warehouse (null before start). */
    public AdmissionControlBook admissionControls() {
        return admissionControls;
    }

    /**
     * Publishes an operator's change to {@code admission-control} (waiting for the broker's ack), keyed by its
     * scope ({@link AdmissionControlKey}), then records it in the book so a read right after shows it.
     */
    public void publishAdmissionControl(AdmissionControlChanged change) {
        String key = change.getKind() == AdmissionControlKind.SETTINGS
                ? AdmissionControlKey.settings(change.getWarehouseId())
                : AdmissionControlKey.throttle(change.getWarehouseId(), change.getBackfillId());
        publisher.publishAndWait(Topics.ADMISSION_CONTROL, key, change);
        admissionControls.apply(change);
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
        if (alertSink != null) {
            alertSink.close();
        }
        if (historyFeed != null) {
            historyFeed.close();
        }
        if (loadFeed != null) {
            loadFeed.close();
        }
        if (admissionControlFeed != null) {
            admissionControlFeed.close();
        }
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
