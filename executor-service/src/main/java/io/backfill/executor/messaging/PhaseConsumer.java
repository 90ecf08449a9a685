package io.backfill.executor.messaging;

import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.admission.AdmissionDecision;
import io.backfill.executor.domain.admission.PauseReason;
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
 * <p><b>The loop</b> (one platform thread): poll every 100 ms; hand each instruction to the
 * {@link ExecutionEngine}, which runs it on a virtual thread as a {@link Job}; <b>pause the Kafka
 * partition</b> while its job runs (later records of that partition wait, in order) and keep polling,
 * so the instance keeps its group membership however long a phase takes; when the job ends, commit
 * past the record only if its outcome is durable ({@link JobOutcome#COMMIT}: STAGED, FAILED,
 * PUBLISHED … acknowledged by the broker), otherwise seek back so it is seen again. One record per
 * partition is in flight at a time; different partitions run in parallel.
 *
 * <p><b>Control commands reach running phases</b> through the {@link ControlWatcher}: ABORT, PAUSE
 * and RESUME of a phase sit behind the phase on its (paused) partition, so a group-less reader
 * follows each busy partition from the running record on and applies them at once. When the main
 * loop later reaches them in order they are no-ops.
 *
 * <p><b>Admission:</b> while the controller says pause (hard ceiling, stale or missing load sample,
 * drain command) every idle partition is paused too, so no new phase starts; polling continues.
 *
 * <p><b>Rebalances</b> use the cooperative-sticky assignor, so a joining or leaving instance only moves
 * the partitions that change owner. On revocation (or loss) the phases of the revoked partitions are
 * stopped at their next partition boundary (running partitions get up to {@code revocationGrace} to
 * finish), nothing is committed for them, and the new owner resumes them from their checkpoints.
 *
 * <p><b>Bad input:</b> undecodable records go to the DLQ with the reason and are committed past; a
 * decodable but invalid phase is answered with FAILED (not retriable) naming the problem; a phase
 * for another warehouse is skipped with a log line (run one executor group per warehouse).
 */
public final class PhaseConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration OUTAGE_BACKOFF = Duration.ofSeconds(2);
    private static final Duration REDELIVERY_BACKOFF = Duration.ofSeconds(5);

    private final String groupId;
    private final String warehouseId;
    private final ConsumerTuning tuning;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<PhaseInstruction> reader;
    private final ExecutionEngine engine;
    private final ProgressSink progress;
    private final DeadLetters deadLetters;
    private final ControlWatcher watcher;
    private final Supplier<AdmissionDecision> admission;
    private final Consumer<PauseReason> onAdmissionPause;
    private final Clock clock;

    private final Map<TopicPartition, InFlight> inFlight = new HashMap<>();
    private final Map<TopicPartition, Instant> backoff = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastPollMillis = new AtomicLong();
    private final AtomicInteger assignments = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Set<TopicPartition> assigned = Set.of();
    private volatile boolean assignedOnce;
    private Optional<PauseReason> admissionPaused = Optional.empty();
    private Thread thread;

    private record InFlight(long offset, Job job) {}

    PhaseConsumer(
            KafkaSettings kafka,
            String groupId,
            String warehouseId,
            ConsumerTuning tuning,
            ExecutionEngine engine,
            ProgressSink progress,
            DeadLetters deadLetters,
            ControlWatcher watcher,
            Supplier<AdmissionDecision> admission,
            Consumer<PauseReason> onAdmissionPause,
            Clock clock) {
        this.groupId = groupId;
        this.warehouseId = warehouseId;
        this.tuning = tuning;
        this.engine = engine;
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.watcher = watcher;
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
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int)
                Math.max(500, tuning.sessionTimeout().toMillis() / 5));
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // Each record may start a long job; fetching many at once would only mean seeking back over them.
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
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

    /** How many assignments this member has received: one per rebalance it took part in. */
    int assignmentsReceived() {
        return assignments.get();
    }

    private void run() {
        try {
            while (running.get()) {
                lastPollMillis.set(System.currentTimeMillis());
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                // Decide admission before dispatching: records fetched just before a pause must not start.
                refreshAdmission();
                for (TopicPartition partition : records.partitions()) {
                    handle(partition, records.records(partition));
                }
                finishCompletedJobs();
                applyPauses();
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
                revoke(Set.copyOf(inFlight.keySet()), "shutdown");
            } catch (RuntimeException e) {
                LOG.warn("{}: could not hand over in-flight phases cleanly: {}", groupId, e.getMessage());
            }
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            reader.close();
            stopped.countDown();
        }
    }

    private void handle(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (inFlight.containsKey(partition) || backoff.containsKey(partition) || admissionPaused.isPresent()) {
                // Busy, backing off or admission paused: the record waits, in order, and is fetched again later.
                consumer.seek(partition, record.offset());
                return;
            }
            Optional<Job> job = dispatch(partition, record);
            if (job.isEmpty()) {
                continue; // handled and committed on the spot, or backing off
            }
            if (job.get().done().isDone() && job.get().done().join() == JobOutcome.COMMIT) {
                commit(partition, record.offset() + 1); // finished on the spot (control, duplicate, skipped)
                continue;
            }
            inFlight.put(partition, new InFlight(record.offset(), job.get()));
            watcher.follow(partition, record.offset() + 1);
            consumer.pause(List.of(partition));
        }
    }

    /** Starts the record's job, or deals with the record at once (empty). */
    private Optional<Job> dispatch(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            commit(partition, record.offset() + 1);
            return Optional.empty();
        }
        PhaseInstruction instruction;
        try {
            instruction = reader.decode(record);
        } catch (TopicDecoder.Poison poison) {
            deadLetters.send(record, poison.getMessage());
            commit(partition, record.offset() + 1);
            return Optional.empty();
        } catch (TopicDecoder.RegistryUnreachable outage) {
            LOG.warn("{}: {} at {}@{}; will retry", groupId, outage.getMessage(), partition, record.offset());
            consumer.seek(partition, record.offset());
            backoff.put(partition, clock.instant().plus(OUTAGE_BACKOFF));
            return Optional.empty();
        }
        Object body = instruction.getInstruction();
        if (body instanceof PhasePlanned planned) {
            return Optional.of(phase(partition, record, planned));
        }
        if (body instanceof PhaseCommand command) {
            try {
                return Optional.of(engine.submit(InstructionMapping.command(command)));
            } catch (RuntimeException e) {
                deadLetters.send(record, "invalid phase command: " + TopicDecoder.rootMessage(e));
                commit(partition, record.offset() + 1);
                return Optional.empty();
            }
        }
        deadLetters.send(
                record,
                "unknown instruction type "
                        + (body == null ? "null" : body.getClass().getName()));
        commit(partition, record.offset() + 1);
        return Optional.empty();
    }

    private Job phase(TopicPartition partition, ConsumerRecord<String, byte[]> record, PhasePlanned planned) {
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
            LOG.warn("{}: invalid phase at {}@{}: {}", ref, partition, record.offset(), invalid.getMessage());
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

    private void finishCompletedJobs() {
        for (var entry : List.copyOf(inFlight.entrySet())) {
            InFlight job = entry.getValue();
            if (job.job().done().isDone()) {
                finish(entry.getKey(), job, job.job().done().join());
            }
        }
    }

    private void finish(TopicPartition partition, InFlight job, JobOutcome outcome) {
        inFlight.remove(partition);
        watcher.unfollow(partition);
        switch (outcome) {
            case COMMIT -> {
                commit(partition, job.offset() + 1);
                // Re-read whatever came after it: records fetched meanwhile were sought back over.
                seekIfAssigned(partition, job.offset() + 1);
            }
            case REDELIVER -> {
                seekIfAssigned(partition, job.offset());
                backoff.put(partition, clock.instant().plus(REDELIVERY_BACKOFF));
            }
            case REVOKED -> seekIfAssigned(partition, job.offset());
        }
    }

    private void seekIfAssigned(TopicPartition partition, long offset) {
        if (consumer.assignment().contains(partition)) {
            consumer.seek(partition, offset);
        }
    }

    /** Reads the admission decision and logs (and counts) changes between paused and admitting. */
    private void refreshAdmission() {
        AdmissionDecision decision = admission.get();
        Optional<PauseReason> reason = decision.pause();
        if (!reason.equals(admissionPaused)) {
            if (reason.isPresent()) {
                LOG.warn(
                        "{}: admission paused ({}): no new phases are consumed, running phases stop at a partition"
                                + " boundary",
                        groupId,
                        reason.get());
                onAdmissionPause.accept(reason.get());
            } else {
                LOG.info("{}: admission resumed ({} permits)", groupId, decision.permits());
            }
            admissionPaused = reason;
        }
    }

    private void applyPauses() {
        refreshAdmission();
        Optional<PauseReason> reason = admissionPaused;
        Instant now = clock.instant();
        backoff.values().removeIf(until -> !until.isAfter(now));
        Set<TopicPartition> owned = consumer.assignment();
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        Set<TopicPartition> paused = consumer.paused();
        for (TopicPartition partition : owned) {
            boolean wanted = inFlight.containsKey(partition) || backoff.containsKey(partition) || reason.isPresent();
            if (wanted && !paused.contains(partition)) {
                pause.add(partition);
            } else if (!wanted && paused.contains(partition)) {
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

    private void commit(TopicPartition partition, long nextOffset) {
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(nextOffset)));
        } catch (KafkaException e) {
            // Lost the partition meanwhile: the new owner sees the record again and resumes from checkpoints.
            LOG.warn("{}: could not commit {} at {}: {}", groupId, partition, nextOffset, e.getMessage());
        }
    }

    /** Stops the jobs of partitions this member no longer owns, commits those that finished durably. */
    private void revoke(Collection<TopicPartition> partitions, String why) {
        Map<TopicPartition, InFlight> leaving = new HashMap<>();
        for (TopicPartition partition : partitions) {
            InFlight job = inFlight.remove(partition);
            backoff.remove(partition);
            watcher.unfollow(partition);
            if (job != null) {
                leaving.put(partition, job);
                job.job().revoke();
            }
        }
        long deadline = System.nanoTime() + tuning.revocationGrace().toNanos();
        for (var entry : leaving.entrySet()) {
            InFlight job = entry.getValue();
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                JobOutcome outcome = job.job().done().get(left, TimeUnit.NANOSECONDS);
                if (outcome == JobOutcome.COMMIT) {
                    commit(entry.getKey(), job.offset() + 1);
                }
                LOG.info("{}: {} handed over on {} ({})", groupId, job.job(), entry.getKey(), why);
            } catch (TimeoutException e) {
                LOG.warn(
                        "{}: {} still staging a partition after {}; letting {} go anyway ({})",
                        groupId,
                        job.job(),
                        tuning.revocationGrace(),
                        entry.getKey(),
                        why);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("{}: {} failed during hand-over: {}", groupId, job.job(), e.getMessage());
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
            Set<TopicPartition> now = new HashSet<>(assigned);
            now.addAll(partitions);
            assigned = Set.copyOf(now);
            assignments.incrementAndGet();
            assignedOnce = true;
            LOG.info("{}: partitions assigned: {} (now owns {})", groupId, partitions, now.size());
        }
    }
}
