package io.backfill.planner.messaging;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventLoop;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.RecordContext;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.projection.LoadBreachWatch;
import io.backfill.planner.domain.projection.LoadReading;
import io.backfill.planner.metrics.PlannerMetrics;
import io.backfill.planner.warehouse.RequestIntake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner as plain Java: reads {@code backfill-requests}, {@code backfill-commands},
 * {@code phase-progress} and {@code gate-decisions}; is the only writer of {@code backfill-phases}
 * (PhasePlanned and PhaseCommand), {@code backfill-status} (compacted, one record per backfill after
 * every change) and {@code backfill-alerts}. Undecodable input goes to {@code <topic>-dlq} with the
 * reason in headers; consumption never stops.
 *
 * <p>This class only wires and watches. The parts:
 * <ul>
 *   <li>the shared {@link EventLoop} (messaging) reads the inputs: catch-up, live polling, the tick,
 *       dead letters and transactions;
 *   <li>{@link Rebuild}: state rebuilt from Kafka on every start, before anything is emitted (the
 *       statuses, the instruction journal, the inputs in timestamp order with {@link Journal});
 *   <li>{@link InputHandler}: each input and the tick applied to the domain {@link Planner};
 *   <li>{@link Delivery}: a step's instructions, alerts and statuses written, each exactly once, and a
 *       backfill given up when a write for it can never succeed;
 *   <li>{@link StatusPublisher} and {@link AlertPublisher}: the status and alert records;
 *       {@link Publishing}: retry what may pass, refuse what cannot.
 * </ul>
 *
 * <p><b>Exactly one active planner per warehouse, enforced.</b> Every output and every consumed offset
 * is written in a Kafka transaction whose {@code transactional.id} is {@code backfill-planner-<warehouseId>}
 * ({@link #transactionalId}). Starting a planner fences the one before it: the older instance's next write
 * fails, its open transaction is aborted (nobody reading committed data sees it), its loop stops and its
 * readiness turns DOWN saying why. The new one rebuilds from what was committed, so no phase is released
 * twice, and carries on. Consumers of {@code backfill-phases} should read with
 * {@code isolation.level=read_committed}.
 *
 * <p>Readiness ({@link #health()}) is DOWN while the rebuild runs, when the loop stopped (fenced, failed),
 * and when it stalled: no loop iteration for longer than {@link Settings#stallAfter()}, with what it was
 * busy with (see {@link StallWatchdog}).
 */
public final class PlannerNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerNode.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(30);

    /**
     * @param groupId consumer group whose committed offsets mark what was handled live
     * @param warehouseId the warehouse this planner plans for; requests naming another are left to its planner
     * @param tickInterval how often the scheduler runs
     * @param stallAfter a loop without an iteration for this long turns readiness DOWN
     */
    public record Settings(
            String groupId, String warehouseId, Duration tickInterval, Planner.Settings planner, Duration stallAfter) {

        public Settings(String groupId, String warehouseId, Duration tickInterval, Planner.Settings planner) {
            this(groupId, warehouseId, tickInterval, planner, DEFAULT_STALL_AFTER);
        }
    }

    /**
     * Validates and splits a request against the warehouse: {@link RequestIntake#assess}. An interface so
     * a test can make it fail the way a rule nobody foresaw would.
     */
    @FunctionalInterface
    public interface Intake {
        RequestIntake.Assessment assess(BackfillRequested request, Clock clock);
    }

    /** Why the planner is or is not ready. */
    public record Health(boolean ready, String reason) {}

    private final KafkaSettings kafka;
    private final Settings settings;
    private final Clock clock;
    private final Intake intake;
    private final PlannerMetrics metrics;
    private final StallWatchdog watchdog;
    private final Map<String, BackfillStatus> published = new ConcurrentHashMap<>();
    private final Map<String, List<io.backfill.events.PhaseStatus>> publishedPhases = new ConcurrentHashMap<>();
    /** Backfills the planner gave up on, with the reason; kept over rebuilds. */
    private final Map<String, String> givenUp = new ConcurrentHashMap<>();

    private final AtomicBoolean running = new AtomicBoolean();

    private EventPublisher publisher;
    private EventLoop loop;
    private Rebuild rebuild;
    /** The rebuilt planner the loop's handlers speak to; replaced by each rebuild, loop thread only. */
    private Rebuild.Incarnation current;

    private volatile boolean caughtUp;
    /** The warehouse's latest load, carried by every status; none until {@link #observeLoad} is called. */
    private Supplier<Optional<LoadReading>> load = Optional::empty;
    /** Decides sustained load breaches (LOAD_BREACH); kept over rebuilds so a breach alerts once. */
    private LoadBreachWatch breaches;
    /** A backfill's manual throttle in force, in words (admission-control); none until {@link #observeThrottles}. */
    private BiFunction<String, Instant, Optional<String>> throttles = (backfillId, now) -> Optional.empty();

    public PlannerNode(
            KafkaSettings kafka, RequestIntake intake, Settings settings, Clock clock, PlannerMetrics metrics) {
        this(kafka, intake::assess, settings, clock, metrics);
    }

    public PlannerNode(KafkaSettings kafka, Intake intake, Settings settings, Clock clock, PlannerMetrics metrics) {
        this.kafka = kafka;
        this.intake = intake;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.watchdog = new StallWatchdog(Clock.systemUTC(), settings.stallAfter());
    }

    /** The transactional id every planner of {@code warehouseId} writes with: the newest one fences the others. */
    public static String transactionalId(String warehouseId) {
        return "backfill-planner-" + warehouseId;
    }

    /**
     * Lets the planner see its warehouse's load (before {@link #start()}): every status it writes carries
     * the latest reading, and each tick raises LOAD_BREACH for the running backfills once per sustained
     * breach that {@code breach} describes.
     */
    public synchronized PlannerNode observeLoad(Supplier<Optional<LoadReading>> load, LoadBreachWatch.Settings breach) {
        if (loop != null) {
            throw new IllegalStateException("observeLoad must be called before start");
        }
        this.load = load;
        this.breaches = new LoadBreachWatch(breach);
        return this;
    }

    /**
     * Gives every status the manual throttle in force on its backfill or warehouse as its throttle reason
     * (else the latest load sample's). Call before {@link #start}.
     */
    public synchronized PlannerNode observeThrottles(BiFunction<String, Instant, Optional<String>> throttles) {
        if (loop != null) {
            throw new IllegalStateException("observeThrottles must be called before start");
        }
        this.throttles = throttles;
        return this;
    }

    /**
     * Fences any older planner of this warehouse, rebuilds state from Kafka (blocking), sends what the
     * previous run left unsent, then follows live.
     */
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("planner already started");
        }
        running.set(true);
        publisher = EventPublisher.transactional(kafka, transactionalId(settings.warehouseId()));
        limitRecordSizes();
        rebuild = new Rebuild(kafka, this::incarnation, givenUp, rebuilt -> current = rebuilt);
        loop = EventLoop.builder(kafka, settings.groupId(), publisher)
                .assignAllPartitions()
                .transactional(publisher)
                .catchUp(rebuild)
                .every(settings.tickInterval(), this::tick)
                .atBatchEnd(this::writeChangedStatuses)
                .onRewind(watchdog::rewound)
                .on(Topics.BACKFILL_REQUESTS, (key, value, context) -> handle(value, context))
                .on(Topics.PHASE_PROGRESS, (key, value, context) -> handle(value, context))
                .on(Topics.GATE_DECISIONS, (key, value, context) -> handle(value, context))
                .on(Topics.BACKFILL_COMMANDS, (key, value, context) -> handle(value, context))
                .build();
        loop.start();
        try {
            if (!loop.awaitCaughtUp(CATCH_UP_TIMEOUT)) {
                throw new IllegalStateException("planner could not rebuild its state from Kafka: "
                        + loop.stopReason()
                                .orElse("not done within " + CATCH_UP_TIMEOUT.toSeconds() + " s; the loop is "
                                        + loop.whereItIs()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the planner rebuilt its state", e);
        }
        caughtUp = true;
        watchdog.beat();
    }

    /** A fresh, empty planner for a rebuild. */
    private Rebuild.Incarnation incarnation() {
        PlannerState state = new PlannerState(clock, settings.planner());
        Publishing publishing = new Publishing(publisher, running::get, watchdog);
        AlertPublisher alerts = new AlertPublisher(publishing);
        StatusPublisher statuses =
                new StatusPublisher(state, publishing, clock, metrics, published, publishedPhases, load, throttles);
        Delivery delivery = new Delivery(state, publishing, statuses, alerts, clock, givenUp);
        Journal journal = new Journal(state, delivery);
        InputHandler handler = new InputHandler(
                state,
                delivery,
                journal,
                intake,
                publishing,
                alerts,
                statuses,
                watchdog,
                clock,
                settings.warehouseId());
        StallWatchdog dog = watchdog;
        return new Rebuild.Incarnation() {
            @Override
            public PlannerState state() {
                return state;
            }

            @Override
            public Delivery delivery() {
                return delivery;
            }

            @Override
            public Journal journal() {
                return journal;
            }

            @Override
            public InputHandler handler() {
                return handler;
            }

            @Override
            public StallWatchdog watchdog() {
                return dog;
            }
        };
    }

    private void handle(Object value, RecordContext context) {
        current.handler().handle(value, context, true);
        watchdog.beat();
    }

    private void tick() {
        current.handler().tick();
        if (breaches != null) {
            load.get().flatMap(breaches::observe).ifPresent(current.handler()::loadBreach);
        }
        watchdog.beat();
    }

    private void writeChangedStatuses() {
        watchdog.doing("writing statuses");
        current.delivery().writeChangedStatuses();
    }

    /**
     * Learns how large a record each output topic accepts ({@code max.message.bytes}), so a record too
     * large is refused before it is sent (inside a transaction a broker refusal would doom the rest).
     */
    private void limitRecordSizes() {
        try (Admin admin = Admin.create(kafka.baseProperties("planner-admin"))) {
            var resources = java.util.stream.Stream.of(
                            Topics.BACKFILL_STATUS,
                            Topics.BACKFILL_PHASE_STATUS,
                            Topics.BACKFILL_PHASES,
                            Topics.BACKFILL_ALERTS)
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            configs.forEach((resource, config) -> {
                var entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    publisher.limitRecordBytes(resource.name(), Integer.parseInt(entry.value()));
                }
            });
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Not fatal: the broker still refuses what is too large, at the price of a rebuild.
            LOG.warn("Could not read the output topics' max.message.bytes: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- read side -------------------------------------------------------------------------------

    /** True while the planner follows its inputs and its loop is not stalled (see {@link #health()}). */
    public boolean healthy() {
        return health().ready();
    }

    /** Readiness with the reason: rebuilding, stopped (fenced, failed), stalled, or following live. */
    public Health health() {
        if (loop == null || !caughtUp) {
            return new Health(false, "rebuilding state from Kafka");
        }
        Optional<String> stopped = loop.stopReason();
        if (stopped.isPresent()) {
            return new Health(false, stopped.get());
        }
        if (!running.get() || !loop.healthy(Duration.ofDays(1))) {
            return new Health(false, "planner loop stopped");
        }
        Optional<String> stall = watchdog.stall();
        return stall.map(reason -> new Health(false, reason)).orElseGet(() -> new Health(true, "following its inputs"));
    }

    /** The status last written for a backfill by this instance (the REST view reads the topic instead). */
    public Optional<BackfillStatus> lastPublished(String backfillId) {
        return Optional.ofNullable(published.get(backfillId));
    }

    /** The phase records last written for a backfill by this instance, in sequence order. */
    public List<io.backfill.events.PhaseStatus> lastPublishedPhases(String backfillId) {
        return publishedPhases.getOrDefault(backfillId, List.of());
    }

    @Override
    public void close() {
        running.set(false);
        if (loop != null) {
            loop.close();
        }
        if (rebuild != null) {
            rebuild.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
