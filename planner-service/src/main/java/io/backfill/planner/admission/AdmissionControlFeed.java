package io.backfill.planner.admission;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import java.time.Duration;
import java.util.List;
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
 * Reads {@code admission-control} (compacted, one partition) from the beginning into the planner's
 * {@link AdmissionControlBook}, so {@code GET /warehouse/admission} and the backfills' throttle reasons show
 * the operators' controls after a restart too. No group member, commits nothing, writes nothing; a record it
 * cannot decode is skipped with a warning.
 */
public final class AdmissionControlFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionControlFeed.class);

    private final AdmissionControlBook book;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<AdmissionControlChanged> reader;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    public AdmissionControlFeed(KafkaSettings kafka, AdmissionControlBook book) {
        this.book = book;
        Properties properties = kafka.baseProperties("planner-admission-control");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new TopicDecoder<>(Topics.ADMISSION_CONTROL, new EventSerdes(kafka.registry()));
    }

    public synchronized void start() {
        List<TopicPartition> partitions =
                consumer.partitionsFor(Topics.ADMISSION_CONTROL.name(), Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.ADMISSION_CONTROL.name()
                    + " does not exist: create the coordinator's topics first (TopicProvisioner, or deploy/)");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        running.set(true);
        thread = Thread.ofPlatform().name("planner-admission-control").start(this::run);
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
            LOG.error("Admission-control feed failed and stops; GET /warehouse/admission shows what it had", e);
        } finally {
            consumer.close();
            reader.close();
            stopped.countDown();
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            book.apply(reader.decode(record));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Skipping admission-control record {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
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
