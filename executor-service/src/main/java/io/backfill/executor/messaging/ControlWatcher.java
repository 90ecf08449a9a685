package io.backfill.executor.messaging;

import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topics;
import io.backfill.executor.execution.CommandSpec;
import io.backfill.executor.execution.ExecutionEngine;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * Reads ahead on the {@code backfill-phases} partitions whose phase is running on this instance, for
 * control commands only (ABORT, PAUSE, RESUME), and applies them to the running phase at once.
 *
 * <p>Why it exists: a command about a phase is keyed by the phase id, so it lands on the same
 * partition, behind the phase, and the {@link PhaseConsumer} keeps that partition paused while the
 * phase runs. This reader is outside any group (assign, never commits), so it neither takes part in
 * rebalances nor moves offsets; the group member still processes every record in order later, when
 * the controls are no-ops. Undecodable records are ignored here (the group member parks them).
 */
final class ControlWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlWatcher.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicDecoder<PhaseInstruction> reader;
    private final ExecutionEngine engine;
    private final ConcurrentMap<TopicPartition, Long> followed = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positioned = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    ControlWatcher(KafkaSettings kafka, ExecutionEngine engine) {
        Properties properties = kafka.baseProperties("phase-controls");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Instructions come from the planner's transactions: never act on one a fenced or failed
        // planner aborted.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new TopicDecoder<>(Topics.BACKFILL_PHASES, new EventSerdes(kafka.registry()));
        this.engine = engine;
    }

    void start() {
        running.set(true);
        thread = Thread.ofPlatform().name("phase-controls").start(this::run);
    }

    /** Follows {@code partition} from {@code offset} (the record after the running phase). */
    void follow(TopicPartition partition, long offset) {
        followed.put(partition, offset);
    }

    void unfollow(TopicPartition partition) {
        followed.remove(partition);
    }

    private void run() {
        try {
            while (running.get()) {
                if (!syncAssignment()) {
                    TimeUnit.MILLISECONDS.sleep(100);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    apply(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Control watcher failed and stops; controls then wait for their turn in order", e);
        } finally {
            consumer.close();
            reader.close();
            stopped.countDown();
        }
    }

    /** Assigns the followed partitions, seeking where a new phase started; false when there are none. */
    private boolean syncAssignment() {
        Map<TopicPartition, Long> wanted = Map.copyOf(followed);
        if (!wanted.keySet().equals(consumer.assignment())) {
            consumer.assign(wanted.keySet());
            positioned.keySet().retainAll(wanted.keySet());
        }
        for (var entry : wanted.entrySet()) {
            if (!entry.getValue().equals(positioned.get(entry.getKey()))) {
                consumer.seek(entry.getKey(), entry.getValue());
                positioned.put(entry.getKey(), entry.getValue());
            }
        }
        return !wanted.isEmpty();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (reader.decode(record).getInstruction() instanceof PhaseCommand command) {
                CommandSpec.Type type =
                        CommandSpec.Type.valueOf(command.getType().name());
                if (type.isControl()) {
                    engine.control(InstructionMapping.command(command));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug(
                    "Control watcher skips {}-{}@{}: {}",
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
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
