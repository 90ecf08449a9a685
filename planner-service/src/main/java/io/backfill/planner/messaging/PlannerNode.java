package io.backfill.planner.messaging;

import io.backfill.events.AlertSeverity;
import io.backfill.events.AlertType;
import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.GateDecision;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.DeadLetters;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import io.backfill.planner.domain.lifecycle.BackfillEvent;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.lifecycle.Instruction;
import io.backfill.planner.domain.lifecycle.PhaseRun;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.planning.Step;
import io.backfill.planner.domain.projection.Alert;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.metrics.PlannerMetrics;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.planner.warehouse.WarehouseCatalogue.WarehouseUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner as plain Java: reads {@code backfill-requests}, {@code backfill-commands},
 * {@code phase-progress} and {@code gate-decisions}; is the only writer of {@code backfill-phases}
 * (PhasePlanned and PhaseCommand), {@code backfill-status} (compacted, one record per backfill after
 * every change) and {@code backfill-alerts}. Undecodable input goes to {@code <topic>-dlq} with the
 * reason in headers; consumption never stops.
 *
 * <p><b>State is event-sourced and rebuilt from Kafka on every start</b>, before anything is emitted:
 * <ol>
 *   <li>{@code backfill-status} (latest per backfill) gives each backfill's recorded plan and
 *       rejection, so a restart never cuts a backfill differently: a re-split plan (see
 *       {@link Planner#resplit}) is published there before any of its new phases is released, and
 *       re-splits are not replayed but taken afresh once the rebuild is done;
 *   <li>{@code backfill-phases}, the planner's own journal, gives every release already made and the
 *       ids of every instruction already sent;
 *   <li>the four input topics are read from the beginning to their end offsets and applied with the
 *       journalled releases in record-timestamp order (a progress report or gate decision for a phase
 *       attempt always comes after that attempt's release, whatever the clocks say). Journalled
 *       releases are restored, never re-decided, so <em>no phase is released twice</em>; an
 *       instruction the replay derives whose deterministic id is not on the journal (the planner died
 *       between deciding and sending) is sent now, so <em>none is lost</em>.
 * </ol>
 * Then it follows the inputs live, on one thread that owns all state, and runs the scheduler every
 * {@code tickInterval}. Consumer-group offsets ({@code groupId}) are committed after each handled batch
 * only to remember what was already handled live: records below them are replayed silently (their
 * poison already parked, their alerts already raised).
 *
 * <p><b>Exactly one active planner per warehouse</b>: it keeps every backfill in memory and enforces the
 * warehouse-wide cap, so a second instance would double-release. Run it as a single replica (a
 * Kubernetes Deployment with {@code replicas: 1} and the {@code Recreate} strategy); restarts are safe.
 */
public final class PlannerNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerNode.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    private static final int INTAKE_ATTEMPTS = 3;

    private static final List<Topic<?>> INPUTS =
            List.of(Topics.BACKFILL_REQUESTS, Topics.PHASE_PROGRESS, Topics.GATE_DECISIONS, Topics.BACKFILL_COMMANDS);

    /**
     * @param groupId consumer group whose committed offsets mark what was handled live
     * @param warehouseId the warehouse this planner plans for; requests naming another are left to its planner
     * @param tickInterval how often the scheduler runs
     */
    public record Settings(String groupId, String warehouseId, Duration tickInterval, Planner.Settings planner) {}

    private final KafkaSettings kafka;
    private final Settings settings;
    private final Clock clock;
    private final RequestIntake intake;
    private final PlannerMetrics metrics;
    private final Planner planner;
    private final StatusBook book = new StatusBook();
    private final Map<String, BackfillRequested> requests = new HashMap<>();
    private final Set<String> sentInstructionIds = new HashSet<>();
    private final Map<String, BackfillStatus> published = new ConcurrentHashMap<>();
    /** Backfills whose status changed since it was last written (see {@link #statusChanged}). */
    private final Set<String> changedStatuses = new LinkedHashSet<>();
    /** Gate decisions that overtook their phase's STAGED report (different topics), by phaseId#attempt. */
    private final Map<String, GateDecision> earlyDecisions = new HashMap<>();

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastLoopMillis = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private EventPublisher publisher;
    private StatusOutput statusOutput;
    private DeadLetters deadLetters;
    private InputDecoder decoder;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private Instant nextTick = Instant.MIN;

    // replay-only state
    private boolean replaying;
    private final Map<String, BackfillStatus> recordedStatus = new HashMap<>();
    private final Map<String, JournalRelease> journalReleases = new LinkedHashMap<>();
    private final Set<String> restoredReleases = new HashSet<>();
    private final Map<String, PhaseInstruction> unsent = new LinkedHashMap<>();

    private record JournalRelease(PhasePlanned planned, Instant at) {}

    public PlannerNode(
            KafkaSettings kafka, RequestIntake intake, Settings settings, Clock clock, PlannerMetrics metrics) {
        this.kafka = kafka;
        this.intake = intake;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.planner = new Planner(clock, settings.planner());
    }

    /** Rebuilds state from Kafka (blocking), sends what the previous run left unsent, then follows live. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("planner already started");
        }
        publisher = new EventPublisher(kafka);
        deadLetters = new DeadLetters(publisher, settings.groupId());
        statusOutput = new StatusOutput(publisher, running::get);
        EventSerdes serdes = new EventSerdes(kafka.registry());
        List<Topic<?>> all = new ArrayList<>(INPUTS);
        all.add(Topics.BACKFILL_PHASES);
        all.add(Topics.BACKFILL_STATUS);
        all.add(Topics.BACKFILL_PHASE_STATUS);
        decoder = new InputDecoder(serdes, all);
        Properties properties = kafka.baseProperties("planner");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        running.set(true);
        List<ConsumerRecord<String, byte[]>> backlog = replay();
        thread = Thread.ofPlatform().name("planner-" + settings.groupId()).start(() -> run(backlog));
    }

    // ---- rebuild ---------------------------------------------------------------------------------

    private List<ConsumerRecord<String, byte[]>> replay() {
        long started = System.nanoTime();
        replaying = true;
        for (ConsumerRecord<String, byte[]> record : readToEnd(List.of(Topics.BACKFILL_STATUS), new ArrayList<>())) {
            decodeQuietly(record).ifPresent(value -> recordedStatus.put(record.key(), (BackfillStatus) value));
        }
        recordedStatus.forEach((id, status) -> book.restoreAlerts(id, status.getAlerts()));
        for (ConsumerRecord<String, byte[]> record :
                readToEnd(List.of(Topics.BACKFILL_PHASE_STATUS), new ArrayList<>())) {
            restorePhaseStatus(record);
        }
        for (ConsumerRecord<String, byte[]> record : readToEnd(List.of(Topics.BACKFILL_PHASES), new ArrayList<>())) {
            decodeQuietly(record).ifPresent(value -> journal((PhaseInstruction) value, record));
        }
        List<TopicPartition> inputs = partitionsOf(INPUTS);
        consumer.assign(inputs);
        Map<TopicPartition, Long> committed = new HashMap<>();
        consumer.committed(new HashSet<>(inputs)).forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset.offset());
            }
        });
        consumer.seekToBeginning(inputs);
        Map<TopicPartition, Long> end = consumer.endOffsets(inputs);
        List<ConsumerRecord<String, byte[]>> backlog = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> history = new ArrayList<>();
        pollUntil(end, history, backlog);

        record Item(Instant at, int rank, long offset, ConsumerRecord<String, byte[]> input, JournalRelease release) {}
        List<Item> items = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : history) {
            items.add(new Item(
                    Instant.ofEpochMilli(record.timestamp()), rank(record.topic()), record.offset(), record, null));
        }
        journalReleases.values().forEach(r -> items.add(new Item(r.at(), 1, 0, null, r)));
        items.sort(Comparator.comparing(Item::at).thenComparingInt(Item::rank).thenComparingLong(Item::offset));
        for (Item item : items) {
            if (item.release() != null) {
                restore(item.release());
            } else {
                TopicPartition tp =
                        new TopicPartition(item.input().topic(), item.input().partition());
                boolean handledBefore =
                        committed.containsKey(tp) && item.input().offset() < committed.get(tp);
                process(item.input(), !handledBefore);
            }
        }
        replaying = false;
        unsent.forEach((id, instruction) -> {
            LOG.info("Sending {} that the previous planner derived but never sent", id);
            send(instruction);
        });
        unsent.clear();
        // Re-split decisions are never replayed (the recorded plan is the latest one); one is taken now,
        // from every observation replayed, and published below before the first tick can release.
        for (BackfillRun run : planner.runs()) {
            resplit(run.id(), "rebuild", false);
        }
        for (BackfillRun run : planner.runs()) {
            publishStatus(run.id());
        }
        commit(end);
        LOG.info(
                "Planner rebuilt {} backfills from {} input records and {} journalled releases in {} ms",
                planner.runs().size(),
                history.size(),
                journalReleases.size(),
                (System.nanoTime() - started) / 1_000_000);
        return backlog;
    }

    private void restorePhaseStatus(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                statusOutput.restore(record.key(), null);
            } else {
                decodeQuietly(record)
                        .ifPresent(value -> statusOutput.restore(record.key(), (BackfillPhaseStatus) value));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Rebuild skips {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private void journal(PhaseInstruction instruction, ConsumerRecord<String, byte[]> record) {
        if (instruction.getInstruction() instanceof PhasePlanned planned) {
            sentInstructionIds.add(planned.getEventId());
            journalReleases.put(
                    planned.getPhaseId() + "#" + planned.getAttempt(),
                    new JournalRelease(planned, Instant.ofEpochMilli(record.timestamp())));
        } else if (instruction.getInstruction() instanceof PhaseCommand command) {
            sentInstructionIds.add(command.getEventId());
        }
    }

    private void restore(JournalRelease release) {
        String key = release.planned().getPhaseId() + "#" + release.planned().getAttempt();
        if (!restoredReleases.add(key)) {
            return;
        }
        Step step = planner.restoreRelease(
                release.planned().getBackfillId(), release.planned().getPhaseId(), release.at());
        step.refusal().ifPresent(why -> LOG.warn("Replay: {}", why));
        deliver(step, "restore", null, false);
    }

    /** A progress report or decision about a phase attempt comes after that attempt's release. */
    private void restoreReleaseBefore(String phaseId, int attempt) {
        JournalRelease release = journalReleases.get(phaseId + "#" + attempt);
        if (replaying && release != null) {
            restore(release);
        }
    }

    private void pollUntil(
            Map<TopicPartition, Long> end,
            List<ConsumerRecord<String, byte[]>> history,
            List<ConsumerRecord<String, byte[]>> backlog) {
        Map<TopicPartition, Long> remaining = new HashMap<>(end);
        remaining.entrySet().removeIf(e -> e.getValue() == 0);
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("planner could not read its input topics within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s; still missing " + remaining.keySet());
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                (record.offset() < end.getOrDefault(tp, 0L) ? history : backlog).add(record);
            }
            remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
    }

    /** Reads whole topics outside any group, from the beginning to the end offsets at the time of the call. */
    private List<ConsumerRecord<String, byte[]>> readToEnd(
            List<Topic<?>> topics, List<ConsumerRecord<String, byte[]>> into) {
        Properties properties = kafka.baseProperties("planner-rebuild");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> reader =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?> topic : topics) {
                reader.partitionsFor(topic.name(), Duration.ofSeconds(30))
                        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topics " + topics
                        + " do not exist: create the coordinator's topics first (TopicProvisioner, or deploy/)");
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>(end);
            remaining.entrySet().removeIf(e -> e.getValue() == 0);
            long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "planner could not read " + topics + " within " + CATCH_UP_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        into.add(record);
                    }
                }
                remaining.entrySet().removeIf(e -> reader.position(e.getKey()) >= e.getValue());
            }
            return into;
        }
    }

    private List<TopicPartition> partitionsOf(List<Topic<?>> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?> topic : topics) {
            var infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic.name()
                        + " does not exist: create the coordinator's topics first (TopicProvisioner, or deploy/)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }

    private static int rank(String topic) {
        // Same timestamp: a request before anything about it, a command last (it reacts to the rest).
        if (topic.equals(Topics.BACKFILL_REQUESTS.name())) {
            return 0;
        }
        if (topic.equals(Topics.PHASE_PROGRESS.name())) {
            return 2;
        }
        if (topic.equals(Topics.GATE_DECISIONS.name())) {
            return 3;
        }
        return 4;
    }

    // ---- live loop -------------------------------------------------------------------------------

    private void run(List<ConsumerRecord<String, byte[]>> backlog) {
        try {
            Map<TopicPartition, Long> done = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : backlog) {
                process(record, true);
                done.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            publishChangedStatuses();
            commit(done);
            while (running.get()) {
                lastLoopMillis.set(System.currentTimeMillis());
                done.clear();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout())) {
                    process(record, true);
                    done.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                // Before the offsets are committed and before the tick can release anything.
                publishChangedStatuses();
                commit(done);
                Instant now = clock.instant();
                if (!now.isBefore(nextTick)) {
                    nextTick = now.plus(settings.tickInterval());
                    deliver(planner.tick(), "tick", null, true);
                    publishChangedStatuses();
                    refreshMetrics();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("Planner loop: unexpected wakeup", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Planner loop failed and stops; restart the planner (state is rebuilt from Kafka)", e);
        } finally {
            running.set(false);
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            decoder.close();
            stopped.countDown();
        }
    }

    private Duration pollTimeout() {
        long millis = Math.min(settings.tickInterval().toMillis(), 500);
        return Duration.ofMillis(Math.max(millis, 10));
    }

    private void commit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset > 0) {
                commit.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (!commit.isEmpty()) {
            consumer.commitSync(commit);
        }
    }

    /** Handles one input record; {@code firstTime} is false for replayed records handled before a restart. */
    private void process(ConsumerRecord<String, byte[]> record, boolean firstTime) {
        InputDecoder.Decoded decoded = decodeWaiting(record);
        if (decoded.poison() != null) {
            if (firstTime) {
                deadLetters.send(record, decoded.poison());
            }
            return;
        }
        if (decoded.value() == null) {
            return;
        }
        try {
            switch (decoded.value()) {
                case BackfillRequested r -> onRequest(r, record, firstTime);
                case PhaseProgress p -> onProgress(p, firstTime);
                case GateDecision g -> onGate(g, firstTime);
                case BackfillCommand c -> onCommand(c, firstTime);
                default ->
                    LOG.warn(
                            "Planner ignores {} on {}",
                            decoded.value().getClass().getSimpleName(),
                            record.topic());
            }
        } catch (EventPublisher.PublishFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            // A bug or a value no rule foresaw must not stop the planner: park the record, say why.
            LOG.error(
                    "Planner could not handle {}-{}@{} (key {})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    e);
            if (firstTime) {
                deadLetters.send(record, "handler refused it: " + TopicDecoder.rootMessage(e));
            }
        }
    }

    private void onRequest(BackfillRequested request, ConsumerRecord<String, byte[]> record, boolean firstTime) {
        String id = request.getBackfillId();
        if (!settings.warehouseId().equals(request.getWarehouseId())) {
            LOG.debug(
                    "Backfill {} is for warehouse {}, not {}: left to its planner",
                    id,
                    request.getWarehouseId(),
                    settings.warehouseId());
            return;
        }
        BackfillRequested earlier = requests.get(id);
        if (earlier != null) {
            if (!earlier.getEventId().equals(request.getEventId()) && firstTime) {
                String message = "request " + request.getEventId() + " reuses backfill id " + id
                        + " of an earlier request; it was ignored";
                LOG.warn("Backfill {}: {}", id, message);
                publishAlert(new Alert(
                        Alert.AlertType.REQUEST_REJECTED,
                        id,
                        Optional.empty(),
                        clock.instant(),
                        message,
                        Optional.empty()));
            }
            return;
        }
        Instant at = replaying ? Instant.ofEpochMilli(record.timestamp()) : clock.instant();
        // Replayed requests are judged by the clock of their time (a deadline then in the future stays valid).
        RequestIntake.Assessment assessment =
                assessWithRetries(request, replaying ? Clock.fixed(at, ZoneOffset.UTC) : clock, record);
        if (assessment == null) {
            return;
        }
        List<String> problems = assessment.problems();
        List<PhasePlan> plans = assessment.plans();
        BackfillStatus recorded = replaying ? recordedStatus.get(id) : null;
        boolean planRestored = false;
        if (recorded != null) {
            if (recorded.getState() == io.backfill.events.BackfillState.REJECTED) {
                problems = recorded.getProblems();
                plans = List.of();
            } else {
                Optional<List<PhasePlan>> recordedPlans = StatusBook.plansOf(
                                statusOutput.recorded(id), assessment.spec().range())
                        // A status written before contract 0.2 carried its phases itself.
                        .or(() -> StatusBook.plansOf(recorded, assessment.spec().range()));
                if (recordedPlans.isPresent()) {
                    problems = List.of();
                    plans = recordedPlans.get();
                    planRestored = true;
                }
            }
        }
        requests.put(id, request);
        Step step = planner.submit(
                assessment.spec(), problems, plans, assessment.secondsPerPartition(), assessment.basis(), at);
        if (step.refusal().isPresent()) {
            LOG.warn("Backfill {}: {}", id, step.refusal().get());
        }
        if (!problems.isEmpty()) {
            LOG.info("Backfill {} rejected: {}", id, problems);
        } else {
            LOG.info(
                    "Backfill {} accepted: {} phases, {}",
                    id,
                    plans.size(),
                    planner.run(id).map(BackfillRun::status).orElse(null));
        }
        if (planRestored) {
            planner.run(id).ifPresent(run -> run.restoreReplans(recorded.getReplans()));
        }
        deliver(step, request.getEventId(), null, firstTime);
    }

    private RequestIntake.Assessment assessWithRetries(
            BackfillRequested request, Clock validationClock, ConsumerRecord<String, byte[]> record) {
        for (int attempt = 1; ; attempt++) {
            try {
                return intake.assess(request, validationClock);
            } catch (WarehouseUnavailable e) {
                if (attempt >= INTAKE_ATTEMPTS && !replaying) {
                    deadLetters.send(record, "gave up after " + attempt + " attempts: " + e.getMessage());
                    return null;
                }
                LOG.warn(
                        "Backfill {}: attempt {} to validate failed: {}",
                        request.getBackfillId(),
                        attempt,
                        e.getMessage());
                sleep(Duration.ofSeconds(Math.min(attempt, 5)));
            }
        }
    }

    private void onProgress(PhaseProgress progress, boolean firstTime) {
        String id = progress.getBackfillId();
        restoreReleaseBefore(progress.getPhaseId(), progress.getAttempt());
        if (stale(id, progress.getPhaseId(), progress.getAttempt(), "progress " + progress.getEventId())) {
            return;
        }
        book.progress(progress);
        if (progress.getType() == PhaseProgressType.PARTITION_STAGED && progress.getDurationMillis() != null) {
            deliver(
                    planner.observe(id, 1, Duration.ofMillis(progress.getDurationMillis())),
                    progress.getEventId(),
                    null,
                    firstTime);
        }
        Optional<BackfillEvent> event = EventMapping.event(progress);
        Step step = event.map(e -> planner.apply(id, e)).orElse(Step.none());
        logRefusal(id, step);
        deliver(step, progress.getEventId(), null, firstTime);
        statusChanged(id);
        if (progress.getType() == PhaseProgressType.STAGED
                && !replaying
                && step.refusal().isEmpty()) {
            resplit(id, progress.getEventId(), firstTime);
        }
        GateDecision early = earlyDecisions.get(progress.getPhaseId() + "#" + progress.getAttempt());
        if (early != null && !awaitsStaging(id, progress.getPhaseId())) {
            earlyDecisions.remove(progress.getPhaseId() + "#" + progress.getAttempt());
            LOG.info(
                    "Backfill {} phase {}: applying decision {} that arrived before the phase was staged",
                    id,
                    progress.getPhaseId(),
                    early.getDecisionId());
            onGate(early, firstTime);
        }
    }

    /**
     * Re-splits the backfill's unreleased phases from what staging observed so far; delivering the step
     * publishes the new plan in backfill-status at once, before any tick can release one of its phases.
     */
    private void resplit(String backfillId, String triggerId, boolean firstTime) {
        Step step = planner.resplit(backfillId);
        step.refusal().ifPresent(why -> LOG.warn("Backfill {}: {}", backfillId, why));
        if (!step.changed().isEmpty()) {
            LOG.info(
                    "Backfill {}: unreleased phases re-split from observed seconds per partition: {}",
                    backfillId,
                    planner.run(backfillId)
                            .map(run -> run.unreleasedTail().stream()
                                    .map(p -> p.phaseId() + "=" + p.size())
                                    .toList())
                            .orElse(List.of()));
        }
        deliver(step, triggerId, null, firstTime);
    }

    /**
     * True while the phase is still staging. The validator decides only after STAGED, but
     * gate-decisions and phase-progress are different topics, so the planner may read the decision
     * first; it then waits for the STAGED report instead of refusing the decision.
     */
    private boolean awaitsStaging(String backfillId, String phaseId) {
        return planner.run(backfillId)
                .flatMap(run -> run.phase(phaseId))
                .map(phase -> phase.status() == io.backfill.planner.domain.lifecycle.PhaseStatus.RELEASED
                        || phase.status() == io.backfill.planner.domain.lifecycle.PhaseStatus.RUNNING)
                .orElse(false);
    }

    private void onGate(GateDecision decision, boolean firstTime) {
        String id = decision.getBackfillId();
        restoreReleaseBefore(decision.getPhaseId(), decision.getAttempt());
        if (stale(id, decision.getPhaseId(), decision.getAttempt(), "decision " + decision.getDecisionId())) {
            return;
        }
        if (awaitsStaging(id, decision.getPhaseId())) {
            earlyDecisions.put(decision.getPhaseId() + "#" + decision.getAttempt(), decision);
            LOG.info(
                    "Backfill {} phase {}: decision {} arrived before STAGED; held until the phase is staged",
                    id,
                    decision.getPhaseId(),
                    decision.getDecisionId());
            return;
        }
        book.gate(decision);
        Step step = planner.apply(id, EventMapping.event(decision));
        logRefusal(id, step);
        deliver(step, decision.getEventId(), decision.getDecisionId(), firstTime);
        statusChanged(id);
    }

    private void onCommand(BackfillCommand command, boolean firstTime) {
        String id = command.getBackfillId();
        Step step = planner.apply(id, EventMapping.event(command));
        if (planner.run(id).isEmpty()) {
            return;
        }
        LOG.info(
                "Backfill {}: command {} by {} {}",
                id,
                command.getType(),
                command.getRequestedBy() == null
                        ? "?"
                        : command.getRequestedBy().getUser(),
                step.refusal().map(r -> "refused: " + r).orElse("applied"));
        if (step.refusal().isPresent() && firstTime && planner.run(id).isPresent()) {
            book.alert(
                    id,
                    "command " + command.getType() + " refused: "
                            + step.refusal().get());
            statusChanged(id);
        }
        deliver(step, command.getEventId(), null, firstTime);
    }

    /** A report about an older attempt of a phase than the current one: the retry superseded it. */
    private boolean stale(String backfillId, String phaseId, int attempt, String what) {
        Optional<PhaseRun> phase = planner.run(backfillId).flatMap(run -> run.phase(phaseId));
        if (phase.isPresent() && attempt < phase.get().attempt()) {
            LOG.info(
                    "Backfill {} phase {}: {} is about attempt {}, now at attempt {}; ignored",
                    backfillId,
                    phaseId,
                    what,
                    attempt,
                    phase.get().attempt());
            return true;
        }
        return false;
    }

    private void logRefusal(String backfillId, Step step) {
        // Events of backfills planned for other warehouses are none of this planner's business.
        if (planner.run(backfillId).isPresent()) {
            step.refusal().ifPresent(why -> LOG.info("Backfill {}: {}", backfillId, why));
        }
    }

    // ---- output ----------------------------------------------------------------------------------

    /**
     * Sends a step's instructions (while replaying: remembers the ones the journal lacks), then its
     * alerts and the changed statuses. Instructions go first: a status must never announce a release
     * that is not on backfill-phases yet.
     */
    private void deliver(Step step, String triggerId, String decisionId, boolean firstTime) {
        Instant now = clock.instant();
        for (Instruction instruction : step.instructions()) {
            int attempt = planner.run(instruction.backfillId())
                    .flatMap(run -> run.phase(instruction.phaseId()))
                    .map(PhaseRun::attempt)
                    .orElse(1);
            if (instruction instanceof Instruction.ReleasePhase release) {
                attempt = release.attempt();
            }
            PhaseInstruction encoded = InstructionEncoder.encode(
                    instruction, requests.get(instruction.backfillId()), attempt, triggerId, decisionId, now);
            String eventId = eventId(encoded);
            if (sentInstructionIds.contains(eventId)) {
                continue;
            }
            if (replaying) {
                unsent.put(eventId, encoded);
            } else {
                send(encoded);
            }
        }
        for (Alert alert : step.alerts()) {
            book.alert(alert.backfillId(), alert.type() + ": " + alert.message());
            if (firstTime) {
                publishAlert(alert);
            }
        }
        step.changed().forEach(this::statusChanged);
    }

    private void send(PhaseInstruction instruction) {
        String eventId = eventId(instruction);
        String phaseId = instruction.getInstruction() instanceof PhasePlanned p
                ? p.getPhaseId()
                : ((PhaseCommand) instruction.getInstruction()).getPhaseId();
        publishWithRetry(Topics.BACKFILL_PHASES, phaseId, instruction);
        sentInstructionIds.add(eventId);
        LOG.info("Phase {}: sent {}", phaseId, eventId);
    }

    private static String eventId(PhaseInstruction instruction) {
        return instruction.getInstruction() instanceof PhasePlanned p
                ? p.getEventId()
                : ((PhaseCommand) instruction.getInstruction()).getEventId();
    }

    /**
     * Marks a backfill's status as changed. Statuses are written once per polled batch (and after each
     * tick), not once per event: a batch of 500 progress reports about one backfill costs one status
     * write, not 500. The batch's statuses are written before its offsets are committed and before the
     * next tick can release a phase, so a re-split plan is still on the topic before any of its phases
     * is released.
     */
    private void statusChanged(String backfillId) {
        if (!replaying) {
            changedStatuses.add(backfillId);
        }
    }

    private void publishChangedStatuses() {
        List<String> changed = new ArrayList<>(changedStatuses);
        changedStatuses.clear();
        changed.forEach(this::publishStatus);
    }

    private void publishStatus(String backfillId) {
        planner.run(backfillId).ifPresent(run -> {
            Instant now = clock.instant();
            BackfillStatus status = book.status(run, requests.get(backfillId), planner, now);
            statusOutput.publish(status, book.phases(run), now);
            published.put(backfillId, status);
            updateMetrics(run);
        });
    }

    private void publishAlert(Alert alert) {
        BackfillAlert record = BackfillAlert.newBuilder()
                .setEventId(alert.type() + ":" + alert.backfillId() + ":"
                        + alert.phaseId().orElse("-") + ":" + alert.at().toEpochMilli())
                .setBackfillId(alert.backfillId())
                .setType(AlertType.valueOf(alert.type().name()))
                .setSeverity(severity(alert.type()))
                .setMessage(alert.message())
                .setPhaseId(alert.phaseId().orElse(null))
                .setProjectedFinish(alert.projectedFinish().orElse(null))
                .setDeadline(planner.run(alert.backfillId())
                        .flatMap(run -> run.spec().deadline())
                        .orElse(null))
                .setRaisedAt(alert.at())
                .build();
        publishWithRetry(Topics.BACKFILL_ALERTS, alert.backfillId(), record);
        LOG.warn("Backfill {}: alert {}: {}", alert.backfillId(), alert.type(), alert.message());
    }

    private static AlertSeverity severity(Alert.AlertType type) {
        return switch (type) {
            case REQUEST_REJECTED -> AlertSeverity.INFO;
            case DEADLINE_AT_RISK, STUCK_PHASE, GATE_FAILED -> AlertSeverity.WARNING;
            case PHASE_FAILED, BUDGET_EXHAUSTED -> AlertSeverity.CRITICAL;
        };
    }

    /** An unreachable broker must not lose an output: wait for it (bounded only by shutdown). */
    private <V extends org.apache.avro.specific.SpecificRecord> void publishWithRetry(
            Topic<V> topic, String key, V value) {
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publishAndWait(topic, key, value);
                return;
            } catch (EventPublisher.PublishFailedException e) {
                if (!running.get()) {
                    throw e;
                }
                LOG.warn(
                        "Publishing to {} (key {}) failed, attempt {}: {}", topic.name(), key, attempt, e.getMessage());
                sleep(Duration.ofSeconds(Math.min(attempt, 10)));
            }
        }
    }

    private void refreshMetrics() {
        planner.runs().forEach(this::updateMetrics);
    }

    private void updateMetrics(BackfillRun run) {
        if (metrics != null) {
            metrics.update(
                    run.id(),
                    run.phases().size(),
                    planner.releases(run.id()),
                    run.inFlight(),
                    planner.projectedLatenessSeconds(run.id()));
            metrics.updateCompute(run.id(), run.computeSpent());
        }
    }

    private Optional<Object> decodeQuietly(ConsumerRecord<String, byte[]> record) {
        InputDecoder.Decoded decoded = decodeWaiting(record);
        if (decoded.poison() != null) {
            LOG.warn(
                    "Rebuild skips {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    decoded.poison());
        }
        return Optional.ofNullable(decoded.value());
    }

    private InputDecoder.Decoded decodeWaiting(ConsumerRecord<String, byte[]> record) {
        for (int attempt = 1; ; attempt++) {
            try {
                return decoder.decode(record);
            } catch (TopicDecoder.RegistryUnreachable e) {
                if (!running.get()) {
                    throw e;
                }
                LOG.warn(
                        "{}-{}@{}: {}; waiting (attempt {})",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage(),
                        attempt);
                sleep(Duration.ofSeconds(Math.min(attempt, 10)));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- read side -------------------------------------------------------------------------------

    /** True while the loop runs and has polled within the last 30 s. */
    public boolean healthy() {
        return running.get() && thread != null && System.currentTimeMillis() - lastLoopMillis.get() < 30_000;
    }

    /** The status last written for a backfill by this instance (the REST view reads the topic instead). */
    public Optional<BackfillStatus> lastPublished(String backfillId) {
        return Optional.ofNullable(published.get(backfillId));
    }

    /** The phase records last written (or read back) for a backfill, in sequence order. */
    public List<io.backfill.events.PhaseStatus> lastPublishedPhases(String backfillId) {
        return statusOutput == null ? List.of() : statusOutput.lastPublished(backfillId);
    }

    @Override
    public void close() {
        if (running.getAndSet(false) && consumer != null) {
            consumer.wakeup();
        }
        try {
            if (thread != null && !stopped.await(15, TimeUnit.SECONDS)) {
                LOG.warn("Planner loop did not stop within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread == null && consumer != null) {
            consumer.close();
            if (decoder != null) {
                decoder.close();
            }
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
