package io.backfill.planner.alerting;

import io.backfill.events.BackfillAlert;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code backfill-alerts} (committed records only) in its own consumer group and POSTs each alert to
 * the configured webhook ({@link AlertWebhook}), on its own thread: a slow or dead webhook never holds up
 * the planner. Writes nothing to Kafka.
 *
 * <p><b>Once per alert id.</b> The offset of each record is committed right after its delivery (or after
 * giving up), so a restarted sink continues after it; the ids of the last {@link #REMEMBERED} alerts
 * delivered are remembered, so a record read again (a rebalance, an alert written twice) is not POSTed
 * again. What remains is a crash between a POST and its commit: that one alert may be POSTed twice
 * (Alertmanager deduplicates by labels; Slack shows it twice).
 *
 * <p>Metrics: {@code backfill_alert_webhook_total{outcome=delivered|gave_up|duplicate}}.
 */
public final class AlertSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSink.class);
    static final int REMEMBERED = 10_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<BackfillAlert> reader;
    private final AlertWebhook webhook;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Boolean> delivered = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Counter deliveredCount;
    private final Counter gaveUpCount;
    private final Counter duplicateCount;
    private Thread thread;

    public AlertSink(KafkaSettings kafka, String groupId, AlertWebhook webhook, MeterRegistry meters) {
        this.webhook = webhook;
        Properties properties = kafka.baseProperties(groupId);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts with what comes next: a first start does not page anyone about the past.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        // Retries of a batch may take minutes; stay in the group meanwhile.
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                Duration.ofMinutes(30).toMillis());
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new TopicDecoder<>(Topics.BACKFILL_ALERTS, new EventSerdes(kafka.registry()));
        this.deliveredCount = counter(meters, "delivered");
        this.gaveUpCount = counter(meters, "gave_up");
        this.duplicateCount = counter(meters, "duplicate");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("backfill_alert_webhook")
                .description("Alerts handled by the webhook sink, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("alert sink already started");
        }
        consumer.subscribe(List.of(Topics.BACKFILL_ALERTS.name()));
        running.set(true);
        thread = Thread.ofPlatform().name("alert-webhook").start(this::run);
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!running.get()) {
                        break;
                    }
                    if (!handle(record)) {
                        break; // stopped in the middle of a delivery: the next start delivers it
                    }
                    consumer.commitSync(Map.of(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Alert webhook sink failed and stops; alerts are no longer POSTed", e);
        } finally {
            consumer.close();
            reader.close();
            stopped.countDown();
        }
    }

    /** @return false when the sink stopped before the alert's delivery ended */
    private boolean handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        if (record.value() == null) {
            return true;
        }
        BackfillAlert alert;
        try {
            alert = reader.decode(record);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Alert webhook skips undecodable {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return true;
        }
        if (delivered.containsKey(alert.getEventId())) {
            duplicateCount.increment();
            LOG.info(
                    "Alert {} (backfill {}) already delivered, not POSTed again",
                    alert.getEventId(),
                    alert.getBackfillId());
            return true;
        }
        AlertWebhook.Outcome outcome = webhook.deliver(alert, running::get);
        if (outcome == AlertWebhook.Outcome.GAVE_UP && !running.get()) {
            return false;
        }
        delivered.put(alert.getEventId(), Boolean.TRUE);
        if (outcome == AlertWebhook.Outcome.DELIVERED) {
            deliveredCount.increment();
            LOG.info(
                    "Alert {} (backfill {}, {}) delivered to the webhook",
                    alert.getEventId(),
                    alert.getBackfillId(),
                    alert.getType());
        } else {
            gaveUpCount.increment();
        }
        return true;
    }

    @Override
    public void close() {
        if (running.getAndSet(false)) {
            consumer.wakeup();
            try {
                stopped.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (thread == null) {
            consumer.close();
            reader.close();
        }
    }
}
