package io.backfill.executor.messaging;

import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.admission.AdmissionDecision;
import io.backfill.executor.domain.admission.PauseReason;
import io.backfill.executor.execution.CommandSpec;
import io.backfill.executor.execution.ExecutionEngine;
import io.backfill.executor.execution.Job;
import io.backfill.executor.execution.JobOutcome;
import io.backfill.executor.execution.PhaseRef;
import io.backfill.executor.execution.ProgressSink;
import io.backfill.messaging.DeadLetters;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's member of the shared consumer group on {@code backfill-phases} (reads
 * {@code PhaseInstruction}s; writes poison records to {@code backfill-phases-dlq}). It exists because
 * the shared {@code EventLoop} handles records on its polling thread, and a phase runs far longer than
 * any sane {@code max.poll.interval.ms}.
 *
 * <p><b>Per-phase dispatch</b> (one platform thread): poll every 100 ms and never stop polling (so the
 * instance keeps its group membership however long a phase takes); every fetched record goes into its partition's {@link PartitionLedger}, keyed by the record key (the phase
 * id). Records of one key run one at a time, in order; records of different keys run at once, each as a
 * {@link Job} of the {@link ExecutionEngine} on a virtual thread. So a phase never waits behind another
 * phase that hashed to the same Kafka partition, and a PUBLISH, DISCARD or ROLLBACK of one phase never
 * waits behind another phase. ABORT, PAUSE and RESUME of a phase overtake its running job (they wait only
 * for the earlier records of their key to have started) and are applied to it at once.
 *
 * <p><b>Admission</b> is not enforced here: a phase starts at once and its {@code PartitionPacer} lane
 * holds each partition start until admission allows it (reporting PAUSED with the reason meanwhile).
 * Phases waiting there hold only their own key, so instructions for other phases, and control commands
 * for the waiting ones, still run at once. The loop only logs and counts the changes between admitting
 * and paused: it no longer pauses idle Kafka partitions while admission is paused (that held every
 * instruction behind admission, and memory is bounded by the buffer bound below instead).
 *
 * <p><b>Offsets:</b> a record counts as completed when its job's outcome is durable
 * ({@link JobOutcome#COMMIT}: STAGED, FAILED, PUBLISHED … acknowledged by the broker), or at once when it
 * needs no job (poison, tombstone, control, duplicate). After each loop turn the member commits, per
 * partition, the contiguous completed prefix (the offset of the earliest record not yet completed).
 * Records completed beyond it are redelivered to the next owner after a crash; their work is found
 * done there (checkpoints; idempotent commands), as for any redelivery.
 *
 * <p><b>Retry in process, never seek back:</b> a job whose outcome is {@link JobOutcome#REDELIVER} (its
 * outcome could not be published) runs again in this process after {@link #REDELIVERY_BACKOFF}, keeping
 * its place: later records of its key wait behind it, the commit point stays at or before it, other keys
 * carry on. Seeking back instead would fetch every later record of the partition again, and records of
 * other keys already running or done would run twice. A crash meanwhile loses nothing: the record is not
 * committed, so the next owner sees it again.
 *
 * <p><b>Memory stays bounded:</b> a partition is paused (fetching stops, polling continues) only when its
 * not-yet-started records reach {@link #BUFFER_LIMIT} (1,000: far more than the planner's caps on phases
 * in flight let through, so in practice never), and resumed below it. Running records are bounded by the
 * planner's caps on phases in flight; completed ones are not kept.
 *
 * <p><b>Rebalances</b> use the cooperative-sticky assignor, so a joining or leaving instance only moves
 * the partitions that change owner. On revocation (or loss) the jobs of the revoked partitions are
 * stopped at their next partition boundary (running partitions get up to {@code revocationGrace} to
 * finish), their not-yet-started records are dropped, and only the completed prefix is committed; the
 * new owner reads from there and resumes phases from their checkpoints.
 *
 * <p><b>Bad input:</b> undecodable records go to the DLQ with the reason and count as completed; a
 * decodable but invalid phase is answered with FAILED (not retriable) naming the problem; a phase for
 * another warehouse is skipped with a log line (run one executor group per warehouse). A registry that
 * cannot be reached holds only that record's key, retried after {@link #OUTAGE_BACKOFF}.
 */
public final class PhaseConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    static final Duration OUTAGE_BACKOFF = Duration.ofSeconds(2);
    static final Duration REDELIVERY_BACKOFF = Duration.ofSeconds(5);
    /** Not-yet-started records of one partition at which fetching it pauses. */
    static final int BUFFER_LIMIT = 1_000;
    /** Key used for records without one (they are still kept in order among themselves). */
    private static final String NO_KEY = "";

    private final String groupId;
    private final String warehouseId;
    private final ConsumerTuning tuning;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<PhaseInstruction> reader;
    private final ExecutionEngine engine;
    private final ProgressSink progress;
    private final DeadLetters deadLetters;
    private final Supplier<AdmissionDecision> admission;
    private final Consumer<PauseReason> onAdmissionPause;
    private final Clock clock;

    private final Map<TopicPartition, Owned> owned = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastPollMillis = new AtomicLong();
    private final AtomicInteger assignments = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Set<TopicPartition> assigned = Set.of();
    private volatile boolean assignedOnce;
    private volatile int topicPartitions = 1;
    private Optional<PauseReason> admissionPaused = Optional.empty();
    private Thread thread;

    /** A fetched record and its instruction when it could be decoded on arrival (null otherwise). */
    private record Pending(ConsumerRecord<String, byte[]> record, PhaseInstruction instruction) {}

    /** What this member holds of one partition it owns: the ledger and the jobs of its running records. */
    private static final class Owned {
        final PartitionLedger<Pending> ledger = new PartitionLedger<>(BUFFER_LIMIT);
        final Map<Long, Job> jobs = new HashMap<>();
    }

    PhaseConsumer(
            KafkaSettings kafka,
            String groupId,
            String warehouseId,
            ConsumerTuning tuning,
            ExecutionEngine engine,
            ProgressSink progress,
            DeadLetters deadLetters,
            Supplier<AdmissionDecision> admission,
            Consumer<PauseReason> onAdmissionPause,
            Clock clock) {
        this.groupId = groupId;
        this.warehouseId = warehouseId;
        this.tuning = tuning;
        this.engine = engine;
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.admission = admission;
        this.onAdmissionPause = onAdmissionPause;
        this.clock = clock;
        Properties properties = kafka.baseProperties("phases");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Instructions come from the planner's transactions: never act on one a fenced or failed
        // planner aborted.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, tuning.autoOffsetReset());
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                tuning.maxPollInterval().toMillis());
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int)
                tuning.sessionTimeout().toMillis());
        // A member learns that a rebalance started at its next heartbeat, and a cooperative rebalance takes
        // two rounds: at a fifth of a 45 s session (9 s) an instance joining the group waited up to 18 s for
        // its partitions while phases hashed there stood still. A heartbeat a second is cheap.
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int)
                Math.max(250, Math.min(1000, tuning.sessionTimeout().toMillis() / 3)));
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // Fetched records wait in the ledger; a small batch keeps one poll's overshoot past BUFFER_LIMIT small.
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader =
                new TopicDecoder<>(Topics.BACKFILL_PHASES, new io.backfill.events.serde.EventSerdes(kafka.registry()));
    }

    void start() {
        running.set(true);
        consumer.subscribe(List.of(Topics.BACKFILL_PHASES.name()), new Rebalances());
        thread = Thread.ofPlatform().name("phase-consumer-" + groupId).start(this::run);
    }

    /** True while the loop polls (it polls every 100 ms whatever the phases do). */
    boolean healthy(Duration staleAfter) {
        return running.get() && System.currentTimeMillis() - lastPollMillis.get() < staleAfter.toMillis();
    }

    /** The partitions this member owns now (positions resolved: safe to produce to them). */
    Set<TopicPartition> assignment() {
        return assignedOnce ? assigned : Set.of();
    }

    /**
     * This member's fraction of the group: the partitions it owns over all of {@code backfill-phases}.
     * The fractions of the members add up to 1 however many there are, so each executor's share of the
     * warehouse budget is this fraction of it. 0 before the first assignment.
     */
    double shareOfGroup() {
        return assignedOnce ? Math.min(1.0, (double) assigned.size() / topicPartitions) : 0;
    }

    /** How many assignments this member has received: one per rebalance it took part in. */
    int assignmentsReceived() {
        return assignments.get();
    }

    private void run() {
        try {
            while (running.get()) {
                lastPollMillis.set(System.currentTimeMillis());
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                refreshAdmission();
                for (ConsumerRecord<String, byte[]> record : records) {
                    accept(record);
                }
                settle();
                commitProgress();
                applyBackpressure();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("{}: unexpected wakeup", groupId, e);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: phase consumer failed and stops", groupId, e);
        } finally {
            running.set(false);
            try {
                revoke(Set.copyOf(owned.keySet()), "shutdown");
            } catch (RuntimeException e) {
                LOG.warn("{}: could not hand over in-flight phases cleanly: {}", groupId, e.getMessage());
            }
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            reader.close();
            stopped.countDown();
        }
    }

    /**
     * Files a fetched record in its partition's ledger. It is decoded now so that control commands can be
     * told apart (they overtake the running job of their key); what cannot be decoded now is decoded again
     * when its turn comes, and parked or retried then.
     */
    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PhaseInstruction instruction = null;
        if (record.value() != null) {
            try {
                instruction = reader.decode(record);
            } catch (TopicDecoder.Poison | TopicDecoder.RegistryUnreachable e) {
                // dealt with when the record's turn comes
            }
        }
        String key = record.key() == null ? NO_KEY : record.key();
        owned.computeIfAbsent(partition, p -> new Owned())
                .ledger
                .add(record.offset(), key, new Pending(record, instruction), isControl(instruction));
    }

    private static boolean isControl(PhaseInstruction instruction) {
        if (instruction != null && instruction.getInstruction() instanceof PhaseCommand command) {
            try {
                return CommandSpec.Type.valueOf(command.getType().name()).isControl();
            } catch (IllegalArgumentException unknown) {
                return false;
            }
        }
        return false;
    }

    /**
     * Collects finished jobs and starts what may start, until nothing changes: a record done on the spot
     * (a control, a duplicate, a poison record) may free the next record of its key in the same turn.
     */
    private void settle() {
        boolean changed = true;
        while (changed) {
            changed = false;
            Instant now = clock.instant();
            for (var entry : List.copyOf(owned.entrySet())) {
                Owned partition = entry.getValue();
                for (var job : List.copyOf(partition.jobs.entrySet())) {
                    if (job.getValue().done().isDone()) {
                        partition.jobs.remove(job.getKey());
                        finish(partition, job.getKey(), job.getValue().done().join(), now);
                        changed = true;
                    }
                }
                for (PartitionLedger.Entry<Pending> next : partition.ledger.takeStartable(now)) {
                    changed = true;
                    Optional<Job> job = dispatch(entry.getKey(), next);
                    if (job.isEmpty()) {
                        partition.ledger.retry(next.offset(), now.plus(OUTAGE_BACKOFF));
                    } else if (job.get().done().isDone()) {
                        finish(partition, next.offset(), job.get().done().join(), now);
                    } else {
                        partition.jobs.put(next.offset(), job.get());
                    }
                }
            }
        }
    }

    private void finish(Owned partition, long offset, JobOutcome outcome, Instant now) {
        switch (outcome) {
            case COMMIT -> partition.ledger.complete(offset);
            case REDELIVER -> partition.ledger.retry(offset, now.plus(REDELIVERY_BACKOFF));
            // Stopped while this member still owns the partition (the engine is closing): try again later,
            // or leave it to the next owner if the partition goes.
            case REVOKED -> partition.ledger.retry(offset, now.plus(OUTAGE_BACKOFF));
        }
    }

    /**
     * Starts the record's job, or deals with it at once (a finished job); empty when the registry cannot
     * be reached, so the record waits and is tried again.
     */
    private Optional<Job> dispatch(TopicPartition partition, PartitionLedger.Entry<Pending> entry) {
        ConsumerRecord<String, byte[]> record = entry.payload().record();
        String where = partition + "@" + record.offset();
        if (record.value() == null) {
            return Optional.of(Job.finished("tombstone at " + where, JobOutcome.COMMIT));
        }
        PhaseInstruction instruction = entry.payload().instruction();
        if (instruction == null) {
            try {
                instruction = reader.decode(record);
            } catch (TopicDecoder.Poison poison) {
                deadLetters.send(record, poison.getMessage());
                return Optional.of(Job.finished("poison at " + where, JobOutcome.COMMIT));
            } catch (TopicDecoder.RegistryUnreachable outage) {
                LOG.warn("{}: {} at {}; will retry", groupId, outage.getMessage(), where);
                return Optional.empty();
            }
        }
        Object body = instruction.getInstruction();
        if (body instanceof PhasePlanned planned) {
            return Optional.of(phase(where, planned));
        }
        if (body instanceof PhaseCommand command) {
            try {
                return Optional.of(engine.submit(InstructionMapping.command(command)));
            } catch (RuntimeException e) {
                deadLetters.send(record, "invalid phase command: " + TopicDecoder.rootMessage(e));
                return Optional.of(Job.finished("invalid command at " + where, JobOutcome.COMMIT));
            }
        }
        deadLetters.send(
                record,
                "unknown instruction type "
                        + (body == null ? "null" : body.getClass().getName()));
        return Optional.of(Job.finished("unknown instruction at " + where, JobOutcome.COMMIT));
    }

    private Job phase(String where, PhasePlanned planned) {
        PhaseRef ref = InstructionMapping.ref(planned);
        if (!warehouseId.equals(planned.getWarehouseId())) {
            LOG.warn(
                    "{}: is for warehouse {}, this executor serves {}; skipped (run one executor group per warehouse)",
                    ref,
                    planned.getWarehouseId(),
                    warehouseId);
            return Job.finished(ref + " (other warehouse)", JobOutcome.COMMIT);
        }
        try {
            return engine.submit(InstructionMapping.phase(planned));
        } catch (RuntimeException invalid) {
            LOG.warn("{}: invalid phase at {}: {}", ref, where, invalid.getMessage());
            // Answer the planner rather than park it: it is decodable, so we know whom to tell.
            progress.failed(
                    ref,
                    "invalid phase: " + TopicDecoder.rootMessage(invalid),
                    false,
                    0,
                    planned.getPartitions().size());
            return Job.finished(ref + " (invalid)", JobOutcome.COMMIT);
        }
    }

    /** Commits, in one request, every owned partition whose completed prefix grew. */
    private void commitProgress() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        owned.forEach((partition, held) ->
                held.ledger.toCommit().ifPresent(next -> offsets.put(partition, new OffsetAndMetadata(next))));
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((partition, next) -> {
                Owned held = owned.get(partition);
                if (held != null) {
                    held.ledger.committed(next.offset());
                }
            });
        } catch (RebalanceInProgressException e) {
            // Normal while a member joins or leaves (every poll retries until the rebalance completes):
            // not worth a warning per turn.
            LOG.debug("{}: commit of {} waits for the rebalance: {}", groupId, offsets, e.getMessage());
        } catch (KafkaException e) {
            // Tried again next turn; if the partition went meanwhile, the new owner sees the records again
            // and resumes from checkpoints.
            LOG.warn("{}: could not commit {}: {}", groupId, offsets, e.getMessage());
        }
    }

    /** Pauses fetching a partition whose not-yet-started records reached the bound, resumes it below. */
    private void applyBackpressure() {
        Set<TopicPartition> current = consumer.assignment();
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        for (TopicPartition partition : current) {
            Owned held = owned.get(partition);
            boolean full = held != null && held.ledger.full();
            if (full && !paused.contains(partition)) {
                LOG.warn(
                        "{}: {} has {} records not started yet; fetching it pauses until they drain",
                        groupId,
                        partition,
                        held.ledger.waiting());
                pause.add(partition);
            } else if (!full && paused.contains(partition)) {
                resume.add(partition);
            }
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    /** Reads the admission decision and logs (and counts) changes between paused and admitting. */
    private void refreshAdmission() {
        AdmissionDecision decision = admission.get();
        Optional<PauseReason> reason = decision.pause();
        if (!reason.equals(admissionPaused)) {
            if (reason.isPresent()) {
                LOG.warn(
                        "{}: admission paused ({}): phases wait at their next partition start; instructions still"
                                + " run",
                        groupId,
                        reason.get());
                onAdmissionPause.accept(reason.get());
            } else {
                LOG.info("{}: admission resumed ({} permits)", groupId, decision.permits());
            }
            admissionPaused = reason;
        }
    }

    /**
     * Lets go of partitions this member no longer owns: stops their jobs at the next partition boundary
     * (waiting up to the grace), drops their not-yet-started records and commits their completed prefix.
     */
    private void revoke(Collection<TopicPartition> partitions, String why) {
        Map<TopicPartition, Owned> leaving = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Owned held = owned.remove(partition);
            if (held != null) {
                leaving.put(partition, held);
                held.jobs.values().forEach(Job::revoke);
            }
        }
        long deadline = System.nanoTime() + tuning.revocationGrace().toNanos();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (var entry : leaving.entrySet()) {
            Owned held = entry.getValue();
            for (var job : held.jobs.entrySet()) {
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    if (job.getValue().done().get(left, TimeUnit.NANOSECONDS) == JobOutcome.COMMIT) {
                        held.ledger.complete(job.getKey());
                    }
                    LOG.info("{}: {} handed over on {} ({})", groupId, job.getValue(), entry.getKey(), why);
                } catch (TimeoutException e) {
                    LOG.warn(
                            "{}: {} still staging a partition after {}; letting {} go anyway ({})",
                            groupId,
                            job.getValue(),
                            tuning.revocationGrace(),
                            entry.getKey(),
                            why);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    LOG.warn("{}: {} failed during hand-over: {}", groupId, job.getValue(), e.getMessage());
                }
            }
            held.ledger.toCommit().ifPresent(next -> offsets.put(entry.getKey(), new OffsetAndMetadata(next)));
            if (held.ledger.waiting() > 0) {
                LOG.info(
                        "{}: {} records of {} not started; the next owner reads them ({})",
                        groupId,
                        held.ledger.waiting(),
                        entry.getKey(),
                        why);
            }
        }
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (KafkaException e) {
                // Lost the partition meanwhile: the new owner sees the records again and resumes from checkpoints.
                LOG.warn("{}: could not commit {}: {}", groupId, offsets, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (running.getAndSet(false)) {
            consumer.wakeup();
        }
        try {
            if (thread != null
                    && !stopped.await(tuning.revocationGrace().plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: phase consumer did not stop in time", groupId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalances implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("{}: partitions revoked: {}", groupId, partitions);
                revoke(partitions, "revoked");
            }
            Set<TopicPartition> now = new HashSet<>(assigned);
            now.removeAll(partitions);
            assigned = Set.copyOf(now);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("{}: partitions lost: {}", groupId, partitions);
            revoke(partitions, "lost");
            Set<TopicPartition> now = new HashSet<>(assigned);
            now.removeAll(partitions);
            assigned = Set.copyOf(now);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Resolve positions now, so "latest" means "from this moment" for whoever waits on assignment(),
            // and remember them for partitions the group never committed: otherwise an instance that
            // crashes before its first commit would leave its successor to reset to "latest" again and
            // silently skip the phase it was running.
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                long position = consumer.position(partition);
                if (committed.get(partition) == null) {
                    start.put(partition, new OffsetAndMetadata(position));
                }
            }
            if (!start.isEmpty()) {
                try {
                    consumer.commitSync(start);
                } catch (KafkaException e) {
                    LOG.warn("{}: could not record start offsets: {}", groupId, e.getMessage());
                }
            }
            partitions.forEach(partition -> owned.putIfAbsent(partition, new Owned()));
            Set<TopicPartition> now = new HashSet<>(assigned);
            now.addAll(partitions);
            assigned = Set.copyOf(now);
            topicPartitions = Math.max(
                    1, consumer.partitionsFor(Topics.BACKFILL_PHASES.name()).size());
            assignments.incrementAndGet();
            assignedOnce = true;
            LOG.info("{}: partitions assigned: {} (now owns {})", groupId, partitions, now.size());
        }
    }
}
