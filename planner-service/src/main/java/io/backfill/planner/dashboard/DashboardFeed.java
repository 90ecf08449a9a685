package io.backfill.planner.dashboard;

import io.backfill.events.BackfillStatus;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicReplay;
import io.backfill.planner.app.PlannerConfig;
import io.backfill.planner.app.PlannerService;
import io.backfill.planner.status.StatusView;
import io.backfill.service.ServiceShell;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jboss.logging.Logger;

/**
 * The dashboard's live side. Polls the status view every {@link #POLL} and pushes which backfills
 * changed to every open {@code /dashboard/api/stream} ({@link Changes}: ids, states and versions only;
 * the page re-fetches what it shows), samples each backfill's progress for the partitions-per-second
 * timeline ({@link Throughput}), and follows {@code gate-decisions} (read-only, outside any consumer
 * group) for every check's observed and expected values ({@link GateBook}). Writes nothing.
 */
@ApplicationScoped
public class DashboardFeed {

    private static final Logger LOG = Logger.getLogger(DashboardFeed.class);

    static final Duration POLL = Duration.ofMillis(500);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final PlannerService service;
    private final PlannerConfig config;
    private final Changes changes = new Changes();
    private final Throughput throughput = new Throughput(Duration.ofSeconds(5), 720);
    private final GateBook gates = new GateBook();
    private final HeatmapCache heatmaps = new HeatmapCache(32);
    private final BroadcastProcessor<Changes.Change> broadcast = BroadcastProcessor.create();
    private ScheduledExecutorService poller;
    private TopicReplay<io.backfill.events.GateDecision> gateReplay;

    DashboardFeed(PlannerService service, PlannerConfig config) {
        this.service = service;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        poller = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("dashboard-feed").unstarted(r));
        poller.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
        if (gateReplay != null) {
            gateReplay.close();
        }
        broadcast.onComplete();
    }

    /** Live changes: the latest version of every backfill first, then each change as it is seen. */
    public Multi<Changes.Change> stream() {
        Multi<Changes.Change> heartbeats = Multi.createFrom()
                .ticks()
                .every(HEARTBEAT)
                .onOverflow()
                .drop()
                .map(tick -> new Changes.Change("heartbeat", null, null, 0));
        // A client too slow for 1,024 changes loses its stream; it reconnects and starts from a snapshot.
        Multi<Changes.Change> live = broadcast.onOverflow().buffer(1_024);
        return Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().iterable(changes.snapshot()),
                        Multi.createBy().merging().streams(live, heartbeats));
    }

    public Throughput throughput() {
        return throughput;
    }

    public GateBook gates() {
        return gates;
    }

    HeatmapCache heatmaps() {
        return heatmaps;
    }

    private void poll() {
        try {
            StatusView view = service.view();
            if (view == null || !view.ready()) {
                return;
            }
            followGateDecisions();
            List<BackfillStatus> all = view.all();
            Map<String, Changes.Seen> seen = new HashMap<>();
            Instant now = Instant.now();
            for (BackfillStatus s : all) {
                seen.put(
                        s.getBackfillId(),
                        new Changes.Seen(s.getState().name(), s.getUpdatedAt().toEpochMilli()));
                throughput.sample(s.getBackfillId(), BackfillSummary.of(s).done(), now);
            }
            throughput.retain(seen.keySet());
            if (!seen.isEmpty()) {
                gates.retain(seen.keySet());
            }
            changes.diff(seen).forEach(broadcast::onNext);
        } catch (InvalidStateStoreException e) {
            // The view is rebalancing or restoring: the next poll tries again.
        } catch (RuntimeException e) {
            LOG.warnf(e, "dashboard feed: poll failed, trying again in %s", POLL);
        }
    }

    /** Starts following gate-decisions once the planner has created its topics (the view starts after). */
    private void followGateDecisions() {
        if (gateReplay != null && gateReplay.running()) {
            return;
        }
        KafkaSettings kafka = ServiceShell.kafka(config, config.instanceId() + "-dashboard");
        gateReplay = new TopicReplay<>(kafka, Topics.GATE_DECISIONS, (key, decision) -> gates.record(decision));
    }
}
