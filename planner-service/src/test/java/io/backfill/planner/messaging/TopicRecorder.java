package io.backfill.planner.messaging;

import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseStatus;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.PhaseStatusKey;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Test helper: follows the planner's outputs ({@code backfill-phases}, {@code backfill-status},
 * {@code backfill-alerts}) and {@code backfill-requests-dlq} from the beginning, decoded, so tests can
 * assert what came out for their own backfill ids. Reads committed records only.
 */
final class TopicRecorder implements AutoCloseable {

    record Dead(String key, String reason) {}

    final List<PhaseInstruction> phases = new CopyOnWriteArrayList<>();
    final List<BackfillStatus> statuses = new CopyOnWriteArrayList<>();
    final List<BackfillAlert> alerts = new CopyOnWriteArrayList<>();
    /** The latest phase record per backfill-phase-status key (a tombstone removes it). */
    final Map<String, PhaseStatus> phaseStatuses = new ConcurrentHashMap<>();

    final List<Dead> deadLetters = new CopyOnWriteArrayList<>();

    private final KafkaConsumer<String, byte[]> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    TopicRecorder(KafkaSettings kafka) {
        Properties properties = kafka.baseProperties("recorder");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // As executors and dashboards should: an aborted (fenced) planner's writes never happened.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        EventSerdes serdes = new EventSerdes(kafka.registry());
        Deserializer<PhaseInstruction> phaseReader = serdes.deserializer(Topics.BACKFILL_PHASES);
        Deserializer<BackfillStatus> statusReader = serdes.deserializer(Topics.BACKFILL_STATUS);
        Deserializer<BackfillAlert> alertReader = serdes.deserializer(Topics.BACKFILL_ALERTS);
        Deserializer<BackfillPhaseStatus> phaseStatusReader = serdes.deserializer(Topics.BACKFILL_PHASE_STATUS);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(
                Topics.BACKFILL_PHASES.name(),
                Topics.BACKFILL_STATUS.name(),
                Topics.BACKFILL_PHASE_STATUS.name(),
                Topics.BACKFILL_ALERTS.name(),
                Topics.BACKFILL_REQUESTS.deadLetterTopic())) {
            consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().name("recorder").start(() -> {
            try {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.topic().equals(Topics.BACKFILL_PHASES.name())) {
                            phases.add(phaseReader.deserialize(r.topic(), r.headers(), r.value()));
                        } else if (r.topic().equals(Topics.BACKFILL_STATUS.name())) {
                            statuses.add(statusReader.deserialize(r.topic(), r.headers(), r.value()));
                        } else if (r.topic().equals(Topics.BACKFILL_PHASE_STATUS.name())) {
                            if (r.value() == null) {
                                phaseStatuses.remove(r.key());
                            } else {
                                phaseStatuses.put(
                                        r.key(),
                                        phaseStatusReader
                                                .deserialize(r.topic(), r.headers(), r.value())
                                                .getPhase());
                            }
                        } else if (r.topic().equals(Topics.BACKFILL_ALERTS.name())) {
                            alerts.add(alertReader.deserialize(r.topic(), r.headers(), r.value()));
                        } else {
                            var reason = r.headers().lastHeader(Topics.DLQ_REASON_HEADER);
                            deadLetters.add(new Dead(
                                    r.key(),
                                    reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        });
    }

    List<PhasePlanned> planned(String backfillId) {
        return phases.stream()
                .filter(i -> i.getInstruction() instanceof PhasePlanned p
                        && p.getBackfillId().equals(backfillId))
                .map(i -> (PhasePlanned) i.getInstruction())
                .toList();
    }

    List<PhaseCommand> commands(String backfillId) {
        return phases.stream()
                .filter(i -> i.getInstruction() instanceof PhaseCommand c
                        && c.getBackfillId().equals(backfillId))
                .map(i -> (PhaseCommand) i.getInstruction())
                .toList();
    }

    /** Instructions for a backfill as short strings: {@code planned p0#1}, {@code PUBLISH p0#1}. */
    List<String> instructions(String backfillId) {
        String prefix = backfillId + "-";
        return phases.stream()
                .map(PhaseInstruction::getInstruction)
                .map(i -> i instanceof PhasePlanned p
                        ? (p.getBackfillId().equals(backfillId)
                                ? "planned " + p.getPhaseId().substring(prefix.length()) + "#" + p.getAttempt()
                                : null)
                        : ((PhaseCommand) i).getBackfillId().equals(backfillId)
                                ? ((PhaseCommand) i).getType() + " "
                                        + ((PhaseCommand) i).getPhaseId().substring(prefix.length()) + "#"
                                        + ((PhaseCommand) i).getAttempt()
                                        + (((PhaseCommand) i).getPartitions().isEmpty()
                                                ? ""
                                                : " " + ((PhaseCommand) i).getPartitions())
                                : null)
                .filter(s -> s != null)
                .toList();
    }

    Optional<BackfillStatus> status(String backfillId) {
        BackfillStatus latest = null;
        for (BackfillStatus s : statuses) {
            if (s.getBackfillId().equals(backfillId)) {
                latest = s;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The latest record of every phase of the backfill on backfill-phase-status, in sequence order. */
    List<PhaseStatus> phasesOf(String backfillId) {
        return new TreeMap<>(phaseStatuses)
                .entrySet().stream()
                        .filter(e -> PhaseStatusKey.backfillId(e.getKey()).equals(backfillId))
                        .map(Map.Entry::getValue)
                        .toList();
    }

    String state(String backfillId) {
        return status(backfillId).map(s -> s.getState().name()).orElse("none");
    }

    List<BackfillAlert> alerts(String backfillId) {
        return alerts.stream().filter(a -> a.getBackfillId().equals(backfillId)).toList();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
