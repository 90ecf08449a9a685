package io.backfill.planner.history;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link HistoryIndex} of every backfill: reads {@code backfill-requests}, {@code backfill-commands},
 * {@code backfill-status}, {@code backfill-phases}, {@code phase-progress}, {@code gate-decisions} and
 * {@code backfill-alerts} from the beginning on every start (so the history survives a restart: it is
 * rebuilt from the topics), then follows them live. Writes nothing.
 *
 * <p>Not a group member and commits nothing: every planner instance needs every record. Committed records
 * only ({@code read_committed}): the writes of an aborted (fenced) planner never happened. A record that
 * cannot be decoded is skipped with a warning (the consumer that owns the topic dead-letters it); when the
 * registry cannot be reached the feed waits and reads the record again.
 */
public final class HistoryFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFeed.class);
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, TopicDecoder<? extends SpecificRecord>> decoders = new HashMap<>();
    private final HistoryIndex index;
    private final HistoryMapping mapping = new HistoryMapping();
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private Map<TopicPartition, Long> endAtStart = Map.of();
    private volatile String failure;
    private Thread thread;

    public HistoryFeed(KafkaSettings kafka, HistoryIndex index) {
        this.index = index;
        Properties properties = kafka.baseProperties("history");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        EventSerdes serdes = new EventSerdes(kafka.registry());
        for (Topic<?> topic : HistoryMapping.TOPICS) {
            decoders.put(topic.name(), decoder(topic, serdes));
        }
    }

    private static <V extends SpecificRecord> TopicDecoder<V> decoder(Topic<V> topic, EventSerdes serdes) {
        return new TopicDecoder<>(topic, serdes);
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("history feed already started");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?> topic : HistoryMapping.TOPICS) {
            var infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic.name() + " does not exist: create the"
                        + " coordinator's topics first (backfill.create-topics, TopicProvisioner, or deploy/)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        endAtStart = new HashMap<>(consumer.endOffsets(partitions));
        running.set(true);
        thread = Thread.ofPlatform().name("history-feed").start(this::run);
    }

    private void run() {
        try {
            checkCaughtUp();
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!accept(record)) {
                        break; // seeked back to this record: poll again after the backoff
                    }
                }
                checkCaughtUp();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = TopicDecoder.rootMessage(e);
            LOG.error("History feed failed and stops; history is no longer updated", e);
        } finally {
            consumer.close();
            decoders.values().forEach(TopicDecoder::close);
            caughtUp.countDown();
            stopped.countDown();
        }
    }

    private void checkCaughtUp() {
        if (caughtUp.getCount() == 0) {
            return;
        }
        endAtStart.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        if (endAtStart.isEmpty()) {
            LOG.info("History rebuilt from the topics: {} events", index.size());
            caughtUp.countDown();
        }
    }

    /** @return false when the record must be read again (the registry could not be asked) */
    private boolean accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return true; // a tombstone of a compacted topic: no event
        }
        Object value;
        try {
            value = decoders.get(record.topic()).decode(record);
        } catch (TopicDecoder.RegistryUnreachable e) {
            LOG.warn(
                    "History feed: registry unreachable, reading {}-{}@{} again",
                    record.topic(),
                    record.partition(),
                    record.offset());
            consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
            sleep(REGISTRY_BACKOFF);
            return false;
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            LOG.warn(
                    "History feed skips {}-{}@{} (backfill {}): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    e.getMessage());
            return true;
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        mapping.map(record.topic(), value, at)
                .ifPresent(mapped -> index.add(
                        mapped.backfillId(),
                        new HistoryIndex.Position(
                                record.timestamp(),
                                HistoryMapping.rank(record.topic()),
                                record.partition(),
                                record.offset()),
                        mapped.event()));
        return true;
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** True once everything on the topics at start was read into the index. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0 && failure == null;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
    }

    /** Why the feed stopped, when it did. */
    public java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** Records skipped because they could not be decoded. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public void close() {
        if (running.getAndSet(false)) {
            consumer.wakeup();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (thread == null) {
            consumer.close();
            decoders.values().forEach(TopicDecoder::close);
        }
    }
}
