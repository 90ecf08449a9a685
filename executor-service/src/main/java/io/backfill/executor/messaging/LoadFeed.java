package io.backfill.executor.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
 * Reads {@code warehouse-load} (compacted, key warehouseId) and hands every sample of this executor's
 * warehouse to the admission controller; samples of other warehouses are ignored.
 *
 * <p>Not a group member: every executor instance needs every sample, and none should commit. It
 * starts a little before the end of each partition ({@link #LOOK_BACK} records) so a fresh instance
 * gets the latest sample at once instead of waiting a sampler period; of what it reads back, only the
 * newest sample is handed on, and a sample stamped in the future is refused ({@link SampleIntake}). A
 * sample that breaks the contract (negative pressure, CPU outside [0, 1], undecodable) is skipped with a
 * warning: a broken feed ends in stale data, which stops admission, the safe reading of "load unknown".
 */
final class LoadFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadFeed.class);
    static final int LOOK_BACK = 50;

    private final String warehouseId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<io.backfill.events.LoadSample> reader;
    private final Consumer<LoadSample> sink;
    private final SampleIntake intake;
    /** Per partition, the end offset when the feed started: records before it were written before. */
    private final Map<TopicPartition, Long> startedAt = new HashMap<>();

    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;
    private volatile String failure;

    LoadFeed(KafkaSettings kafka, String warehouseId, Consumer<LoadSample> sink, Clock clock) {
        this.warehouseId = warehouseId;
        this.sink = sink;
        this.intake = new SampleIntake(clock);
        Properties properties = kafka.baseProperties("warehouse-load");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new TopicDecoder<>(Topics.WAREHOUSE_LOAD, new EventSerdes(kafka.registry()));
    }

    void start() {
        List<TopicPartition> partitions =
                consumer.partitionsFor(Topics.WAREHOUSE_LOAD.name(), Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.WAREHOUSE_LOAD.name()
                    + " does not exist: create the coordinator's topics first (TopicProvisioner, or deploy/)");
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - LOOK_BACK));
            startedAt.put(partition, end.get(partition));
        }
        running.set(true);
        thread = Thread.ofPlatform().name("load-feed-" + warehouseId).start(this::run);
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
                if (!startedAt.isEmpty()) {
                    startedAt.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (startedAt.isEmpty()) {
                        intake.caughtUp().forEach(sink);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            // Any death is recorded: admission then sees stale samples (no new work), and the executor's
            // readiness goes DOWN with this reason instead of the feed dying silently.
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("Load feed of warehouse {} failed and stops; admission will see stale samples", warehouseId, e);
        } finally {
            consumer.close();
            reader.close();
            stopped.countDown();
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || !warehouseId.equals(record.key())) {
            return;
        }
        try {
            io.backfill.events.LoadSample avro = reader.decode(record);
            if (!warehouseId.equals(avro.getWarehouseId())) {
                return;
            }
            LoadSample sample = LoadSampleMapping.toDomain(avro);
            Optional<String> refusal = intake.refusal(sample);
            if (refusal.isPresent()) {
                LOG.warn(
                        "Skipping load sample {}-{}@{} for warehouse {}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        warehouseId,
                        refusal.get());
                return;
            }
            Long started = startedAt.get(new TopicPartition(record.topic(), record.partition()));
            intake.accept(sample, started != null && record.offset() < started).forEach(sink);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Skipping load sample {}-{}@{} for warehouse {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    warehouseId,
                    e.getMessage());
        }
    }

    /** Why the feed stopped following {@code warehouse-load}, when it died; empty while it runs or after close. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
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
    }
}
