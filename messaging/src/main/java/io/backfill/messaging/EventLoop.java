package io.backfill.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on its own thread that hands each decoded event to the handler of its topic, at least
 * once, in partition order. One bad record never stops it: undecodable records and records whose
 * handler keeps failing go to the topic's DLQ with the reason, and the loop moves on. Offsets are
 * committed only after a record was handled or parked.
 *
 * <p>By default it is a consumer-group member ({@code subscribe}) committing after each batch: the
 * validator. The planner, which keeps all state in memory and must see every partition, adds:
 * <ul>
 *   <li>{@link Builder#assignAllPartitions()}: one reader of every partition, no group membership (the
 *       group id only keeps the committed offsets);
 *   <li>{@link Builder#catchUp}: before following live, the whole history of the topics is read to the
 *       end offsets and handed over in one piece (see {@link CatchUp});
 *   <li>{@link Builder#every}: a periodic step (the scheduler tick) on the loop thread, between polls;
 *   <li>{@link Builder#transactional}: the outputs of every polled batch, and those of every periodic step,
 *       are committed in one Kafka transaction with the batch's offsets ({@code sendOffsetsToTransaction}),
 *       after the {@link Builder#atBatchEnd} step;
 *       the consumer reads committed data only. A transaction that fails is aborted and the loop catches up
 *       again from the committed state (the catch-up rebuilds from scratch). A fenced producer (a newer
 *       instance started with the same transactional id) stops the loop for good: {@link #stopReason()}. An
 *       idle loop commits its positions every few seconds, so it learns of its fencing without waiting for work.
 * </ul>
 *
 * <p>Meant for short handlers (planner, validator). The executor, whose work outlives
 * {@code max.poll.interval.ms}, drives its own consumer.
 */
public final class EventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(500);
    private static final Duration FENCING_PROBE_INTERVAL = Duration.ofSeconds(5);

    private final String name;
    private final String groupId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, EventHandler<Object>> handlers;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final RetryPolicy retryPolicy;
    private final boolean assignAll;
    private final CatchUp catchUp;
    private final Duration periodicInterval;
    private final Runnable periodic;
    private final Runnable batchEnd;
    private final EventPublisher transactions;
    private final Consumer<String> onRewind;
    private final AtomicLong rewinds = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastPollMillis = new AtomicLong();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String stopReason;
    private Instant nextPeriodic = Instant.MIN;
    private long lastCommitNanos = System.nanoTime();
    private Thread thread;

    private EventLoop(Builder builder) {
        this.name = builder.groupId;
        this.groupId = builder.groupId;
        Properties properties = builder.settings.baseProperties(builder.groupId);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, builder.groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The planner writes in transactions; records of an aborted (e.g. fenced) transaction must
        // never reach a handler. On topics written without transactions this changes nothing.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.putAll(builder.consumerOverrides);
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.handlers = new LinkedHashMap<>(builder.handlers);
        this.decoder = builder.decoder;
        this.deadLetters = new DeadLetters(builder.publisher, builder.groupId);
        this.retryPolicy = builder.retryPolicy;
        this.assignAll = builder.assignAll;
        this.catchUp = builder.catchUp;
        this.periodicInterval = builder.periodicInterval;
        this.periodic = builder.periodic;
        this.batchEnd = builder.batchEnd;
        this.transactions = builder.transactions;
        this.onRewind = builder.onRewind;
    }

    public static Builder builder(KafkaSettings settings, String groupId, EventPublisher publisher) {
        return new Builder(settings, groupId, publisher);
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " already started");
        }
        running.set(true);
        lastPollMillis.set(System.currentTimeMillis());
        thread = Thread.ofPlatform().name("event-loop-" + name).start(this::run);
    }

    /**
     * Waits until the catch-up (if any) is done and the loop follows live.
     *
     * @return false when the loop stopped before (see {@link #stopReason()}) or {@code timeout} passed
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        return running.get();
    }

    /** True while the loop polls; false once it stopped or has not polled for {@code staleAfter}. */
    public boolean healthy(Duration staleAfter) {
        return running.get() && System.currentTimeMillis() - lastPollMillis.get() < staleAfter.toMillis();
    }

    /** How many times a failed transaction was aborted and the loop caught up again. */
    public long rewinds() {
        return rewinds.get();
    }

    /** Why the loop stopped on its own (fenced, failed), if it did. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** Where the loop's thread is now (its top frames), for a message about a loop that does not progress. */
    public String whereItIs() {
        Thread current = thread;
        if (current == null || !current.isAlive()) {
            return "not running";
        }
        StringBuilder frames = new StringBuilder();
        StackTraceElement[] stack = current.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 25); i++) {
            frames.append("\n\tat ").append(stack[i]);
        }
        return current.getState() + frames.toString();
    }

    private void run() {
        try {
            List<TopicPartition> assigned = new ArrayList<>();
            if (assignAll) {
                for (String topic : handlers.keySet()) {
                    assigned.addAll(partitionsOf(consumer, topic));
                }
                consumer.assign(assigned);
            } else {
                consumer.subscribe(handlers.keySet());
            }
            if (catchUp != null) {
                catchUpFromScratch(assigned);
            }
            caughtUp.countDown();
            while (running.get()) {
                try {
                    pollOnce();
                } catch (WakeupException | Fenced e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (transactions == null) {
                        throw e;
                    }
                    // Whatever this transaction wrote is in doubt: drop it and start over from what was committed.
                    String why = TopicDecoder.rootMessage(e);
                    LOG.warn("{}: {}; aborting and catching up again from what was committed", name, why);
                    rewinds.incrementAndGet();
                    if (onRewind != null) {
                        onRewind.accept(why);
                    }
                    recover(assigned);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("{}: unexpected wakeup", name, e);
                stopReason = "unexpected wakeup";
            }
        } catch (Fenced e) {
            stopReason = e.getMessage();
            LOG.error("{}: {}; this instance stops", name, e.getMessage());
        } catch (RuntimeException e) {
            stopReason = "consumer loop failed: " + TopicDecoder.rootMessage(e);
            LOG.error("{}: consumer loop failed and stops", name, e);
        } finally {
            running.set(false);
            caughtUp.countDown();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            decoder.close();
            stopped.countDown();
        }
    }

    private void pollOnce() {
        lastPollMillis.set(System.currentTimeMillis());
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout());
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        Set<TopicPartition> rewound = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (rewound.contains(partition) || !running.get()) {
                continue;
            }
            lastPollMillis.set(System.currentTimeMillis());
            if (process(record)) {
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            } else {
                // Not the record's fault: see it again after a pause, keeping partition order.
                consumer.seek(partition, record.offset());
                rewound.add(partition);
                sleepQuietly(retryPolicy.backoff(1));
            }
        }
        if (!done.isEmpty()) {
            if (transactions != null) {
                // One transaction per polled batch: its outputs (the batch step's included) and its offsets.
                runBatchEnd();
                commitTransaction(done);
            } else {
                consumer.commitSync(done);
            }
        }
        runPeriodicIfDue();
    }

    /** The batch-end step, inside the batch's transaction: a failure there rebuilds like a handler's would. */
    private void runBatchEnd() {
        if (batchEnd == null) {
            return;
        }
        try {
            batchEnd.run();
        } catch (Rewind | Fenced e) {
            throw e;
        } catch (RuntimeException e) {
            if (PublishFailure.of(e) == PublishFailure.FENCED) {
                throw new Fenced(e);
            }
            throw new Rewind("batch-end step failed: " + TopicDecoder.rootMessage(e), e);
        }
    }

    private void runPeriodicIfDue() {
        if (periodic == null || !running.get()) {
            return;
        }
        Instant now = Instant.now();
        if (now.isBefore(nextPeriodic)) {
            return;
        }
        nextPeriodic = now.plus(periodicInterval);
        try {
            periodic.run();
        } catch (Rewind | Fenced e) {
            throw e;
        } catch (RuntimeException e) {
            if (PublishFailure.of(e) == PublishFailure.FENCED) {
                throw new Fenced(e);
            }
            if (transactions != null) {
                throw new Rewind("periodic step failed: " + TopicDecoder.rootMessage(e), e);
            }
            LOG.error("{}: periodic step failed; it runs again next time", name, e);
        }
        if (transactions != null) {
            runBatchEnd();
            commitTransaction(Map.of());
            if (System.nanoTime() - lastCommitNanos > FENCING_PROBE_INTERVAL.toNanos()) {
                // An idle instance writes nothing, so it would never learn that a newer one fenced it: commit
                // the positions (all handled) now and then; a fenced producer fails right here.
                Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                for (TopicPartition tp : consumer.assignment()) {
                    positions.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                }
                commitTransaction(positions);
            }
        }
    }

    private Duration pollTimeout() {
        if (periodic == null) {
            return MAX_POLL_WAIT;
        }
        long millis = Math.min(periodicInterval.toMillis(), MAX_POLL_WAIT.toMillis());
        return Duration.ofMillis(Math.max(millis, 10));
    }

    private void commitTransaction(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            transactions.commitTransaction(offsets, consumer.groupMetadata());
            if (!offsets.isEmpty()) {
                lastCommitNanos = System.nanoTime();
            }
        } catch (RuntimeException e) {
            if (PublishFailure.of(e) == PublishFailure.FENCED) {
                throw new Fenced(e);
            }
            throw new Rewind("transaction failed: " + TopicDecoder.rootMessage(e), e);
        }
    }

    /** Aborts the open transaction and rebuilds from the committed state, retrying while the broker is away. */
    private void recover(List<TopicPartition> partitions) {
        for (int attempt = 1; running.get(); attempt++) {
            try {
                transactions.abortTransaction();
                catchUpFromScratch(partitions);
                return;
            } catch (WakeupException | Fenced e) {
                throw e;
            } catch (RuntimeException e) {
                if (PublishFailure.of(e) == PublishFailure.FENCED) {
                    throw new Fenced(e);
                }
                LOG.warn("{}: recovery attempt {} failed: {}", name, attempt, TopicDecoder.rootMessage(e));
                sleepQuietly(retryPolicy.backoff(attempt));
            }
        }
    }

    // ---- catch-up ----------------------------------------------------------------------------------

    /** Reads every assigned partition from the start to its end offset and hands the history over. */
    private void catchUpFromScratch(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        consumer.committed(new HashSet<>(partitions)).forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset.offset());
            }
        });
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> remaining = new HashMap<>(end);
        remaining.entrySet().removeIf(e -> e.getValue() == 0);
        List<CatchUp.Replayed> history = new ArrayList<>();
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (!remaining.isEmpty() && running.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " could not read its topics within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s; still missing " + remaining.keySet());
            }
            lastPollMillis.set(System.currentTimeMillis());
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.getOrDefault(tp, 0L)) {
                    boolean handledBefore = record.offset() < committed.getOrDefault(tp, 0L);
                    replayed(record, handledBefore).ifPresent(history::add);
                }
            }
            remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        // Anything polled past the end offsets is read again live.
        end.forEach(consumer::seek);
        try {
            catchUp.rebuild(history);
        } catch (Rewind | Fenced e) {
            throw e;
        } catch (Exception e) {
            if (PublishFailure.of(e) == PublishFailure.FENCED) {
                throw new Fenced(e);
            }
            throw new IllegalStateException(name + " could not rebuild from its history: " + e.getMessage(), e);
        }
        Map<TopicPartition, OffsetAndMetadata> upTo = new HashMap<>();
        end.forEach((tp, offset) -> {
            if (offset > 0) {
                upTo.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (transactions != null) {
            runBatchEnd();
            commitTransaction(upTo);
        } else if (!upTo.isEmpty()) {
            consumer.commitSync(upTo);
        }
    }

    private Optional<CatchUp.Replayed> replayed(ConsumerRecord<String, byte[]> record, boolean handledBefore) {
        if (record.value() == null) {
            return Optional.empty();
        }
        RecordContext context = context(record);
        for (int attempt = 1; running.get(); attempt++) {
            try {
                return Optional.of(new CatchUp.Replayed(record.key(), decoder.decode(record), context, handledBefore));
            } catch (TopicDecoder.Poison poison) {
                if (handledBefore) {
                    LOG.warn("{}: catch-up skips {} (parked before): {}", name, context, poison.getMessage());
                } else {
                    deadLetters.send(record, poison.getMessage());
                }
                return Optional.empty();
            } catch (TopicDecoder.RegistryUnreachable outage) {
                // Skipping would silently lose state: wait for the registry instead.
                LOG.warn("{}: {} at {}; waiting (attempt {})", name, outage.getMessage(), context, attempt);
                sleepQuietly(retryPolicy.backoff(attempt));
            }
        }
        return Optional.empty();
    }

    /** The partitions of {@code topic}; a missing topic is a deployment mistake, said plainly. */
    static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic
                    + " does not exist: create the coordinator's topics first (TopicProvisioner, or deploy/)");
        }
        return infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    // ---- one record ---------------------------------------------------------------------------------

    private static RecordContext context(ConsumerRecord<String, byte[]> record) {
        return new RecordContext(
                record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()));
    }

    /** Handles or parks one record; false means "not done, see it again" (an outage, not the record's fault). */
    private boolean process(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return true; // a tombstone on a compacted topic: nothing to handle
        }
        Object value;
        try {
            value = decoder.decode(record);
        } catch (TopicDecoder.Poison poison) {
            deadLetters.send(record, poison.getMessage());
            return true;
        } catch (TopicDecoder.RegistryUnreachable outage) {
            LOG.warn("{}: {} at {}; will retry", name, outage.getMessage(), context(record));
            return false;
        }
        EventHandler<Object> handler = handlers.get(record.topic());
        RecordContext context = context(record);
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(record.key(), value, context);
                return true;
            } catch (Rewind | Fenced e) {
                throw e;
            } catch (RetriableFailure e) {
                if (attempt >= retryPolicy.maxAttempts()) {
                    deadLetters.send(record, "gave up after " + attempt + " attempts: " + e.getMessage());
                    return true;
                }
                LOG.warn(
                        "{}: attempt {} of {} failed for {} (key {}): {}",
                        name,
                        attempt,
                        retryPolicy.maxAttempts(),
                        context,
                        record.key(),
                        e.getMessage());
                sleepQuietly(retryPolicy.backoff(attempt));
            } catch (Exception e) {
                if (PublishFailure.of(e) == PublishFailure.FENCED) {
                    throw new Fenced(e);
                }
                if (transactions != null && e instanceof EventPublisher.PublishFailedException) {
                    // The transaction may hold half of this record's outputs: start over from what was committed.
                    throw new Rewind("handling " + context + " failed: " + TopicDecoder.rootMessage(e), e);
                }
                deadLetters.send(record, "handler refused it: " + TopicDecoder.rootMessage(e));
                return true;
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (running.getAndSet(false)) {
            consumer.wakeup();
        }
        try {
            if (thread != null && !stopped.await(15, TimeUnit.SECONDS)) {
                LOG.warn("{}: consumer loop did not stop within 15 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread == null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            decoder.close();
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + groupId + "]";
    }

    /**
     * Thrown by a handler or periodic step of a transactional loop whose outputs are in doubt: the loop
     * aborts the open transaction and catches up again from what was committed.
     */
    public static final class Rewind extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Rewind(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A newer producer with the same transactional id took over: this loop must not write again. */
    private static final class Fenced extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fenced(Throwable cause) {
            super(
                    "fenced by a newer instance with the same transactional id (" + TopicDecoder.rootMessage(cause)
                            + ")",
                    cause);
        }
    }

    /** Collects the topics and their handlers before the loop starts. */
    public static final class Builder {
        private final KafkaSettings settings;
        private final String groupId;
        private final EventPublisher publisher;
        private final EventSerdes serdes;
        private final RecordDecoder decoder = new RecordDecoder();
        private final Map<String, EventHandler<Object>> handlers = new LinkedHashMap<>();
        private final Map<String, Object> consumerOverrides = new HashMap<>();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private boolean assignAll;
        private CatchUp catchUp;
        private Duration periodicInterval;
        private Runnable periodic;
        private Runnable batchEnd;
        private EventPublisher transactions;
        private Consumer<String> onRewind;

        private Builder(KafkaSettings settings, String groupId, EventPublisher publisher) {
            this.settings = settings;
            this.groupId = groupId;
            this.publisher = publisher;
            this.serdes = new EventSerdes(settings.registry());
        }

        @SuppressWarnings("unchecked")
        public <V extends SpecificRecord> Builder on(Topic<V> topic, EventHandler<? super V> handler) {
            decoder.register(topic, serdes);
            handlers.put(topic.name(), (EventHandler<Object>) handler);
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder consumerProperty(String key, Object value) {
            consumerOverrides.put(key, value);
            return this;
        }

        /** Reads every partition of the topics itself instead of joining the group (committed offsets stay the group's). */
        public Builder assignAllPartitions() {
            this.assignAll = true;
            return this;
        }

        /** Rebuilds from the topics' history before following live; needs {@link #assignAllPartitions()}. */
        public Builder catchUp(CatchUp catchUp) {
            this.catchUp = catchUp;
            return this;
        }

        /** Runs {@code step} on the loop thread every {@code interval}, between polls. */
        public Builder every(Duration interval, Runnable step) {
            this.periodicInterval = interval;
            this.periodic = step;
            return this;
        }

        /**
         * Runs {@code step} on the loop thread after each polled batch and each periodic step, before their
         * transaction commits: for work that is cheaper once per batch than once per record (the planner
         * writes each changed backfill's status once per batch). Needs {@link #transactional}.
         */
        public Builder atBatchEnd(Runnable step) {
            this.batchEnd = step;
            return this;
        }

        /**
         * Commits each polled batch's (and each periodic step's) outputs with its offsets in one transaction of
         * {@code publisher}, which must be {@link EventPublisher#transactional} and is the one the handlers
         * write with; dead letters go through it too.
         */
        public Builder transactional(EventPublisher publisher) {
            if (!publisher.isTransactional()) {
                throw new IllegalArgumentException("the publisher is not transactional");
            }
            this.transactions = publisher;
            return this;
        }

        /** Told why, each time a failed transaction is aborted and the loop catches up again. */
        public Builder onRewind(Consumer<String> listener) {
            this.onRewind = listener;
            return this;
        }

        public EventLoop build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("event loop " + groupId + " has no topics");
            }
            if (catchUp != null && !assignAll) {
                throw new IllegalStateException("event loop " + groupId + ": a catch-up needs assignAllPartitions()");
            }
            if (transactions != null && catchUp == null) {
                throw new IllegalStateException(
                        "event loop " + groupId + ": a transactional loop needs a catch-up to recover with");
            }
            if (batchEnd != null && transactions == null) {
                throw new IllegalStateException("event loop " + groupId + ": a batch-end step needs transactional()");
            }
            if (transactions != null && transactions != publisher) {
                throw new IllegalStateException(
                        "event loop " + groupId + ": dead letters must go through the transactional publisher");
            }
            return new EventLoop(this);
        }
    }
}
