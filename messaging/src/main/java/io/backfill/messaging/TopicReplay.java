package io.backfill.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
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
 * Reads a whole topic from the beginning and keeps following it, outside any consumer group, handing
 * every decodable record to a callback: how a service rebuilds in-memory state from Kafka on start
 * (e.g. the validator's phase definitions and past decisions). {@link #awaitCaughtUp} blocks until
 * everything that existed at start has been read; only committed records are read. Undecodable records
 * are skipped with a warning
 * (their owner's consumer group already parks them in the DLQ).
 */
public final class TopicReplay<V extends SpecificRecord> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReplay.class);

    private final Topic<V> topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RecordDecoder decoder = new RecordDecoder();
    private final BiConsumer<String, V> sink;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<TopicPartition> partitions;
    private final Thread thread;

    public TopicReplay(KafkaSettings settings, Topic<V> topic, BiConsumer<String, V> sink) {
        this.topic = topic;
        this.sink = sink;
        Properties properties = settings.baseProperties("replay-" + topic.name());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The planner writes backfill-phases in transactions: what a fenced planner aborted never happened.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        decoder.register(topic, new EventSerdes(settings.registry()));
        this.partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic.name()
                    + " does not exist: create the coordinator's topics first (TopicProvisioner, or deploy/)");
        }
        this.thread = Thread.ofPlatform().name("replay-" + topic.name()).start(this::run);
    }

    /** Waits until every record present when the replay started was handed to the callback. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    deliver(record);
                }
                if (caughtUp.getCount() > 0) {
                    end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (end.isEmpty()) {
                        caughtUp.countDown();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Replay of {} failed and stops", topic.name(), e);
        } finally {
            running.set(false);
            consumer.close();
            decoder.close();
            stopped.countDown();
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        while (running.get()) {
            try {
                sink.accept(record.key(), (V) decoder.decode(record));
                return;
            } catch (TopicDecoder.Poison e) {
                LOG.warn(
                        "Replay of {} skips {}-{}@{}: {}",
                        topic.name(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
                return;
            } catch (TopicDecoder.RegistryUnreachable e) {
                // Skipping would silently lose state: wait for the registry instead.
                LOG.warn("Replay of {} waits for the registry: {}", topic.name(), e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public boolean running() {
        return running.get();
    }

    @Override
    public void close() {
        if (running.getAndSet(false)) {
            consumer.wakeup();
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
