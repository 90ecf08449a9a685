package io.backfill.planner.messaging;

import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseStatus;
import io.backfill.events.topics.PhaseStatusKey;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a backfill's status as bounded records: every phase that changed since the last write to
 * {@code backfill-phase-status} (key {@link PhaseStatusKey backfillId/sequence}), a tombstone for every
 * phase a re-split dropped, and the summary to {@code backfill-status}. Only changed phases are written,
 * so one partition staged in a backfill of 100,000 costs one phase record, not the whole plan. All the
 * writes are sent together and then awaited (thousands of phases after a plan do not wait on each
 * other's round trip), and {@link #publish} returns only when every one is on the broker; a failed
 * write is retried until it lands or the planner stops, like every other output of the planner. The
 * records are on different topics and partitions, so a reader may for a moment see a summary and a
 * phase record from different writes.
 */
final class StatusOutput {

    private static final Logger LOG = LoggerFactory.getLogger(StatusOutput.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final EventPublisher publisher;
    private final BooleanSupplier running;
    /** The phase records on the topic, per backfill and sequence: what the next write is compared with. */
    private final Map<String, Map<Integer, PhaseStatus>> written = new ConcurrentHashMap<>();

    StatusOutput(EventPublisher publisher, BooleanSupplier running) {
        this.publisher = publisher;
        this.running = running;
    }

    /** Seeds what is on the topic from a record read back while rebuilding (null value: a tombstone). */
    void restore(String key, BackfillPhaseStatus value) {
        String backfillId = PhaseStatusKey.backfillId(key);
        int sequence = PhaseStatusKey.sequence(key);
        if (value == null) {
            Map<Integer, PhaseStatus> phases = written.get(backfillId);
            if (phases != null) {
                phases.remove(sequence);
            }
        } else {
            written.computeIfAbsent(backfillId, id -> new HashMap<>()).put(sequence, value.getPhase());
        }
    }

    /** The phase records read back for {@code backfillId} while rebuilding, in sequence order. */
    List<PhaseStatus> recorded(String backfillId) {
        return List.copyOf(new TreeMap<>(written.getOrDefault(backfillId, Map.of())).values());
    }

    /** Writes the phases of {@code phases} that changed, tombstones for dropped ones, then {@code summary}. */
    void publish(BackfillStatus summary, List<PhaseStatus> phases, Instant now) {
        String backfillId = summary.getBackfillId();
        Map<Integer, PhaseStatus> before = written.getOrDefault(backfillId, Map.of());
        Map<Integer, PhaseStatus> after = new HashMap<>();
        List<Write> writes = new ArrayList<>();
        for (PhaseStatus phase : phases) {
            after.put(phase.getSequence(), phase);
            PhaseStatus previous = before.get(phase.getSequence());
            // Identity first: an unchanged phase is the very record built last time (StatusBook caches it).
            if (previous != phase && !phase.equals(previous)) {
                writes.add(new Write(
                        PhaseStatusKey.of(backfillId, phase.getSequence()),
                        BackfillPhaseStatus.newBuilder()
                                .setBackfillId(backfillId)
                                .setPhase(phase)
                                .setUpdatedAt(now)
                                .build()));
            }
        }
        Set<Integer> dropped = new HashSet<>(before.keySet());
        dropped.removeAll(after.keySet());
        dropped.forEach(sequence -> writes.add(new Write(PhaseStatusKey.of(backfillId, sequence), null)));
        // Everything in flight at once, then awaited: one round trip per status, not one per record.
        CompletableFuture<RecordMetadata> summarySent = publisher.publish(Topics.BACKFILL_STATUS, backfillId, summary);
        sendAll(writes);
        written.put(backfillId, after);
        try {
            await(summarySent);
        } catch (RuntimeException e) {
            LOG.warn("Writing the status of {} failed: {}; retrying", backfillId, e.getMessage());
            publishWithRetry(new Write(backfillId, null), summary);
        }
    }

    /** The phase records last written for {@code backfillId}, in sequence order. */
    List<PhaseStatus> lastPublished(String backfillId) {
        return recorded(backfillId);
    }

    private record Write(String key, BackfillPhaseStatus value) {}

    private void sendAll(Collection<Write> writes) {
        Map<Write, CompletableFuture<RecordMetadata>> sent = new HashMap<>();
        for (Write write : writes) {
            sent.put(write, send(write));
        }
        for (Map.Entry<Write, CompletableFuture<RecordMetadata>> entry : sent.entrySet()) {
            try {
                await(entry.getValue());
            } catch (RuntimeException e) {
                LOG.warn(
                        "Writing phase status {} failed: {}; retrying",
                        entry.getKey().key(),
                        e.getMessage());
                publishWithRetry(entry.getKey(), null);
            }
        }
    }

    private CompletableFuture<RecordMetadata> send(Write write) {
        return write.value() == null
                ? publisher.publishTombstone(Topics.BACKFILL_PHASE_STATUS, write.key())
                : publisher.publish(Topics.BACKFILL_PHASE_STATUS, write.key(), write.value());
    }

    /** {@code summary} null: {@code write} is a phase record; otherwise the summary is written under its key. */
    private void publishWithRetry(Write write, BackfillStatus summary) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (summary != null) {
                    publisher.publishAndWait(Topics.BACKFILL_STATUS, write.key(), summary);
                } else {
                    await(send(write));
                }
                return;
            } catch (RuntimeException e) {
                if (!running.getAsBoolean()) {
                    throw e;
                }
                String topic = summary != null ? Topics.BACKFILL_STATUS.name() : Topics.BACKFILL_PHASE_STATUS.name();
                LOG.warn(
                        "Publishing to {} (key {}) failed, attempt {}: {}",
                        topic,
                        write.key(),
                        attempt,
                        e.getMessage());
                sleep(Duration.ofSeconds(Math.min(attempt, 10)));
            }
        }
    }

    private static void await(CompletableFuture<RecordMetadata> future) {
        try {
            future.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing status", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement within " + SEND_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
