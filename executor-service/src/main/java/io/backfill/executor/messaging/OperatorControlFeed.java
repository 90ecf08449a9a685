package io.backfill.executor.messaging;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.admission.OperatorControls;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * Reads {@code admission-control} (compacted, written by the planner's REST API) from the beginning and
 * hands every change of this executor's warehouse to its {@link OperatorControls}: settings overrides and
 * manual throttles, whose expiry the controls judge themselves. After each change it runs
 * {@code changed} (the pacer's wake-up), so a throttle applies at the very next partition start.
 *
 * <p>Like {@link LoadFeed}: no group member (every instance needs every change), commits nothing, writes
 * nothing; a record that breaks the contract (undecodable, a THROTTLE without factor or expiry) is skipped
 * with a warning; a feed that dies records why, and the executor's readiness goes DOWN with it, since a
 * throttle an operator sets would no longer reach this instance.
 */
final class OperatorControlFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorControlFeed.class);

    private final String warehouseId;
    private final OperatorControls controls;
    private final Runnable changed;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<AdmissionControlChanged> reader;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;
    private volatile String failure;

    OperatorControlFeed(KafkaSettings kafka, String warehouseId, OperatorControls controls, Runnable changed) {
        this.warehouseId = warehouseId;
        this.controls = controls;
        this.changed = changed;
        Properties properties = kafka.baseProperties("admission-control");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new TopicDecoder<>(Topics.ADMISSION_CONTROL, new EventSerdes(kafka.registry()));
    }

    void start() {
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
        thread = Thread.ofPlatform().name("admission-control-" + warehouseId).start(this::run);
    }

    private void run() {
        try {
            while (running.get()) {
                boolean any = false;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    any |= accept(record);
                }
                if (any) {
                    changed.run();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            // Recorded: readiness goes DOWN with this reason instead of throttles silently no longer arriving.
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error(
                    "Admission-control feed of warehouse {} failed and stops; operator throttles no longer arrive",
                    warehouseId,
                    e);
        } finally {
            consumer.close();
            reader.close();
            stopped.countDown();
        }
    }

    /** Applies one record; true when it was a change of this warehouse. */
    private boolean accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return false;
        }
        try {
            AdmissionControlChanged change = reader.decode(record);
            if (!warehouseId.equals(change.getWarehouseId())) {
                return false;
            }
            apply(controls, change);
            LOG.info(
                    "Admission control of warehouse {}: {} {} by {}",
                    warehouseId,
                    change.getKind(),
                    change.getBackfillId() == null ? "(warehouse)" : change.getBackfillId(),
                    change.getChangedBy());
            return true;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Skipping admission-control record {}-{}@{} for warehouse {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    warehouseId,
                    e.getMessage());
            return false;
        }
    }

    /** Maps one change onto the controls; a kind this executor does not know is ignored. */
    static void apply(OperatorControls controls, AdmissionControlChanged change) {
        switch (change.getKind()) {
            case SETTINGS ->
                controls.settings(new OperatorControls.Settings(
                        change.getTargetLatencyRatio(),
                        change.getPeakTargetLatencyRatio(),
                        change.getMaxBudget(),
                        change.getHardCeilingRatio(),
                        change.getChangedBy(),
                        change.getChangedAt()));
            case THROTTLE -> {
                if (change.getFactor() == null || change.getExpiresAt() == null) {
                    throw new IllegalArgumentException("a THROTTLE needs a factor and an expiresAt");
                }
                controls.throttle(new OperatorControls.Throttle(
                        change.getBackfillId(),
                        change.getFactor(),
                        change.getExpiresAt(),
                        change.getChangedBy(),
                        change.getReason(),
                        change.getChangedAt()));
            }
            case UNTHROTTLE -> controls.unthrottle(change.getBackfillId(), change.getChangedAt());
            default -> {
                // a kind added after this executor
            }
        }
    }

    /** Why the feed stopped following {@code admission-control}, when it died; empty while it runs. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        if (running.getAndSet(false)) {
            consumer.wakeup();
        } else if (thread == null) {
            consumer.close();
            reader.close();
            return;
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
