package io.backfill.planner.load;

import io.backfill.events.LoadSample;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import io.backfill.planner.domain.projection.LoadReading;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Reads {@code warehouse-load} (compacted, key warehouseId) into the planner's {@link LoadTimeline}: the
 * samples of its own warehouse only. Like the executors' feed it is no group member and starts
 * {@link #LOOK_BACK} records before the end, so the latest sample is there at once. Writes nothing. A
 * sample that breaks the contract (undecodable, negative pressure) is skipped with a warning.
 */
public final class WarehouseLoadFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseLoadFeed.class);
    static final int LOOK_BACK = 500;

    private final String warehouseId;
    private final LoadTimeline timeline;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<LoadSample> reader;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    public WarehouseLoadFeed(KafkaSettings kafka, String warehouseId, LoadTimeline timeline) {
        this.warehouseId = warehouseId;
        this.timeline = timeline;
        Properties properties = kafka.baseProperties("planner-warehouse-load");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new TopicDecoder<>(Topics.WAREHOUSE_LOAD, new EventSerdes(kafka.registry()));
    }

    /**
     * The reading a sample stands for: the latency ratio the coordinator's controller measured when the
     * sample carries one, else canary ÷ baseline when it has a canary.
     */
    public static LoadReading reading(LoadSample sample) {
        Double ratio = sample.getLatencyRatio();
        if (ratio == null
                && sample.getCanaryLatencyMillis() != null
                && sample.getCanaryBaselineMillis() != null
                && sample.getCanaryBaselineMillis() > 0) {
            ratio = sample.getCanaryLatencyMillis() / sample.getCanaryBaselineMillis();
        }
        return new LoadReading(
                sample.getSampledAt(),
                sample.getPressure(),
                ratio,
                sample.getAdmittedBudget(),
                sample.getThrottleReason());
    }

    public synchronized void start() {
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
        thread = Thread.ofPlatform().name("planner-load-feed-" + warehouseId).start(this::run);
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
            LOG.error("Load feed of warehouse {} failed and stops; the status shows the last sample", warehouseId, e);
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
            LoadSample sample = reader.decode(record);
            if (!warehouseId.equals(sample.getWarehouseId())) {
                return;
            }
            if (!(sample.getPressure() >= 0)) {
                throw new IllegalArgumentException("pressure must be a number >= 0: " + sample.getPressure());
            }
            timeline.add(reading(sample));
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
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (thread == null) {
            consumer.close();
            reader.close();
        }
    }
}
