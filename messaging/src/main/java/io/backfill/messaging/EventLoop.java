package io.backfill.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer group member on its own thread that hands each decoded event to the handler of its
 * topic, at least once, in partition order. One bad record never stops it: undecodable records and
 * records whose handler keeps failing go to the topic's DLQ with the reason, and the loop moves on.
 * Offsets are committed only after a record was handled or parked.
 *
 * <p>Meant for short handlers (planner, validator). The executor, whose work outlives
 * {@code max.poll.interval.ms}, drives its own consumer.
 */
public final class EventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, EventHandler<Object>> handlers;
    private final RecordDecoder decoder;
    private final DeadLetters deadLetters;
    private final RetryPolicy retryPolicy;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lastPollMillis = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    private EventLoop(Builder builder) {
        this.name = builder.groupId;
        Properties properties = builder.settings.baseProperties(builder.groupId);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, builder.groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putAll(builder.consumerOverrides);
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.handlers = new LinkedHashMap<>(builder.handlers);
        this.decoder = builder.decoder;
        this.deadLetters = new DeadLetters(builder.publisher, builder.groupId);
        this.retryPolicy = builder.retryPolicy;
    }

    public static Builder builder(KafkaSettings settings, String groupId, EventPublisher publisher) {
        return new Builder(settings, groupId, publisher);
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " already started");
        }
        running.set(true);
        consumer.subscribe(handlers.keySet());
        thread = Thread.ofPlatform().name("event-loop-" + name).start(this::run);
    }

    /** True while the loop polls; false once it stopped or has not polled for {@code staleAfter}. */
    public boolean healthy(Duration staleAfter) {
        return running.get() && System.currentTimeMillis() - lastPollMillis.get() < staleAfter.toMillis();
    }

    private void run() {
        try {
            while (running.get()) {
                lastPollMillis.set(System.currentTimeMillis());
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                Set<TopicPartition> rewound = new HashSet<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (rewound.contains(partition)) {
                        continue;
                    }
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
                    consumer.commitSync(done);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("{}: unexpected wakeup", name, e);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: consumer loop failed and stops", name, e);
        } finally {
            running.set(false);
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            decoder.close();
            stopped.countDown();
        }
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
            LOG.warn(
                    "{}: {} at {}-{}@{}; will retry",
                    name,
                    outage.getMessage(),
                    record.topic(),
                    record.partition(),
                    record.offset());
            return false;
        }
        EventHandler<Object> handler = handlers.get(record.topic());
        RecordContext context = new RecordContext(
                record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()));
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(record.key(), value, context);
                return true;
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

        public EventLoop build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("event loop " + groupId + " has no topics");
            }
            return new EventLoop(this);
        }
    }
}
