package io.backfill.benchmark;

import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillStatus;
import io.backfill.events.LoadSample;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicReplay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the benchmark sees of the coordinator, read from its topics exactly as any user would: the
 * latest status per backfill, every progress event, when each phase attempt was released, and the
 * load samples. Measurements are derived from these events, never from inside the services.
 */
final class EventLog implements AutoCloseable {

    /** A load sample and when this JVM received it. */
    record Sample(Instant sampledAt, Instant receivedAt, double pressure) {}

    private final Map<String, BackfillStatus> statuses = new ConcurrentHashMap<>();
    /** Encoded bytes of the latest record of every phase, per backfill and phase status key. */
    private final Map<String, Map<String, Integer>> phaseRecordBytes = new ConcurrentHashMap<>();

    private final List<PhaseProgress> progress = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> plannedAt = new ConcurrentHashMap<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final AtomicReference<Sample> latestSample = new AtomicReference<>();
    private final List<TopicReplay<?>> replays = new ArrayList<>();

    EventLog(KafkaSettings kafka) {
        replays.add(new TopicReplay<>(kafka, Topics.BACKFILL_STATUS, (key, status) -> statuses.put(key, status)));
        replays.add(new TopicReplay<>(kafka, Topics.BACKFILL_PHASE_STATUS, this::onPhaseStatus));
        replays.add(new TopicReplay<>(kafka, Topics.PHASE_PROGRESS, (key, event) -> progress.add(event)));
        replays.add(new TopicReplay<>(kafka, Topics.BACKFILL_PHASES, this::onInstruction));
        replays.add(new TopicReplay<>(kafka, Topics.WAREHOUSE_LOAD, this::onSample));
    }

    private void onInstruction(String key, PhaseInstruction instruction) {
        if (instruction.getInstruction() instanceof PhasePlanned planned) {
            plannedAt.putIfAbsent(attemptKey(planned.getPhaseId(), planned.getAttempt()), planned.getPlannedAt());
        }
    }

    private void onPhaseStatus(String key, BackfillPhaseStatus record) {
        int bytes;
        try {
            bytes = record.toByteBuffer().remaining();
        } catch (java.io.IOException e) {
            bytes = 0;
        }
        phaseRecordBytes
                .computeIfAbsent(record.getBackfillId(), id -> new ConcurrentHashMap<>())
                .put(key, bytes);
    }

    /** Phase records read for the backfill on backfill-phase-status. */
    int phaseRecords(String backfillId) {
        return phaseRecordBytes.getOrDefault(backfillId, Map.of()).size();
    }

    /** The encoded size of the backfill's largest phase record (Avro binary), 0 when none was read. */
    long largestPhaseRecordBytes(String backfillId) {
        return phaseRecordBytes.getOrDefault(backfillId, Map.of()).values().stream()
                .mapToLong(Integer::longValue)
                .max()
                .orElse(0);
    }

    private void onSample(String key, LoadSample sample) {
        Sample s = new Sample(sample.getSampledAt(), Instant.now(), sample.getPressure());
        samples.add(s);
        latestSample.set(s);
    }

    private static String attemptKey(String phaseId, int attempt) {
        return phaseId + "#" + attempt;
    }

    Optional<BackfillStatus> status(String backfillId) {
        return Optional.ofNullable(statuses.get(backfillId));
    }

    /** The encoded size of the latest status of the backfill (Avro binary), 0 when none was read. */
    long statusBytes(String backfillId) {
        BackfillStatus status = statuses.get(backfillId);
        if (status == null) {
            return 0;
        }
        try {
            return status.toByteBuffer().remaining();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Latest pressure, NaN before the first sample. */
    double pressure() {
        Sample s = latestSample.get();
        return s == null ? Double.NaN : s.pressure();
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    List<PhaseProgress> progressOf(String backfillId) {
        return progress.stream()
                .filter(p -> p.getBackfillId().equals(backfillId))
                .toList();
    }

    /** Distinct partitions staged so far (a resumed phase may report a partition twice). */
    long partitionsStaged(String backfillId) {
        return progress.stream()
                .filter(p -> p.getBackfillId().equals(backfillId) && p.getType() == PhaseProgressType.PARTITION_STAGED)
                .map(p -> p.getPhaseId() + "/" + p.getPartition())
                .distinct()
                .count();
    }

    /** The backfill's partitions' statement times added up, from their PARTITION_STAGED events. */
    double statementSeconds(String backfillId) {
        return progressOf(backfillId).stream()
                        .filter(p -> p.getType() == PhaseProgressType.PARTITION_STAGED)
                        .mapToLong(PhaseProgress::getDurationMillis)
                        .sum()
                / 1000.0;
    }

    long count(String backfillId, PhaseProgressType type) {
        return progress.stream()
                .filter(p -> p.getBackfillId().equals(backfillId) && p.getType() == type)
                .count();
    }

    /**
     * Release-to-start latency of every phase attempt of the backfill: from the planner's
     * {@code plannedAt} on the release to the first STARTED an executor reported for that attempt.
     */
    List<Duration> dispatchLatencies(String backfillId) {
        Map<String, Instant> firstStart = new ConcurrentHashMap<>();
        for (PhaseProgress p : progressOf(backfillId)) {
            if (p.getType() == PhaseProgressType.STARTED) {
                firstStart.merge(
                        attemptKey(p.getPhaseId(), p.getAttempt()), p.getOccurredAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<Duration> latencies = new ArrayList<>();
        firstStart.forEach((key, started) -> {
            Instant planned = plannedAt.get(key);
            if (planned != null) {
                latencies.add(Duration.between(planned, started));
            }
        });
        return latencies;
    }

    @Override
    public void close() {
        for (TopicReplay<?> replay : replays) {
            replay.close();
        }
    }
}
