package io.backfill.executor.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * gets the latest sample at once instead of waiting a sampler period, without replaying history;
 * old samples it meets are harmless (the controller ignores samples older than the latest and treats
 * stale ones as no load data). A sample that breaks the contract (negative pressure, CPU outside
 * [0, 1], undecodable) is skipped with a warning: a broken feed ends in stale data, which stops
 * admission, the safe reading of "load unknown".
 */
final class LoadFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadFeed.class);
    static final int LOOK_BACK = 50;

    private final String warehouseId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<io.backfill.events.LoadSample> reader;
    private final Consumer<LoadSample> sink;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    LoadFeed(KafkaSettings kafka, String warehouseId, Consumer<LoadSample> sink) {
        this.warehouseId = warehouseId;
        this.sink = sink;
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
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
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
            sink.accept(LoadSampleMapping.toDomain(avro));
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
