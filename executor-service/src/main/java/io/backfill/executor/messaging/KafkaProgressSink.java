package io.backfill.executor.messaging;

import io.backfill.events.PartitionOutcome;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.Topics;
import io.backfill.executor.execution.CommandSpec;
import io.backfill.executor.execution.PhaseRef;
import io.backfill.executor.execution.ProgressSink;
import io.backfill.messaging.EventPublisher;
import io.backfill.warehouse.Checkpoint;
import io.backfill.warehouse.PartitionPublish;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Writes {@code PhaseProgress} to {@code phase-progress} (key backfillId; the executor is the topic's
 * only writer), waiting for each send to be durable.
 *
 * <p><b>Event ids are deterministic</b> where an event can be repeated by a redelivery — STARTED,
 * PARTITION_STAGED, STAGED, FAILED per phase attempt (and partition), PUBLISHED / DISCARDED /
 * ROLLED_BACK per command event id — so consumers that dedupe by event id (the planner) see a
 * resumed phase's repeats as duplicates. PAUSED and RESUMED can legitimately happen many times and
 * get random ids.
 */
public final class KafkaProgressSink implements ProgressSink {

    private final EventPublisher publisher;
    private final String executorId;
    private final Clock clock;

    public KafkaProgressSink(EventPublisher publisher, String executorId, Clock clock) {
        this.publisher = publisher;
        this.executorId = executorId;
        this.clock = clock;
    }

    @Override
    public void started(PhaseRef ref, int partitionsDone, int partitionsTotal) {
        send(base(ref, PhaseProgressType.STARTED, id(ref, "started"))
                .setPartitionsDone(partitionsDone)
                .setPartitionsTotal(partitionsTotal));
    }

    @Override
    public void partitionStaged(PhaseRef ref, Checkpoint checkpoint, int partitionsDone, int partitionsTotal) {
        send(base(ref, PhaseProgressType.PARTITION_STAGED, id(ref, "partition-staged:" + checkpoint.partitionKey()))
                .setPartition(checkpoint.partitionKey())
                .setRows(checkpoint.rows())
                .setDurationMillis(checkpoint.durationMs())
                // PostgreSQL and DuckDB report no compute: statement seconds stand in, as the contract says.
                .setComputeSeconds(checkpoint.durationMs() / 1000.0)
                .setChecksum(checkpoint.checksum().text())
                .setPartitionsDone(partitionsDone)
                .setPartitionsTotal(partitionsTotal));
    }

    @Override
    public void paused(PhaseRef ref, String reason, int partitionsDone, int partitionsTotal) {
        send(base(ref, PhaseProgressType.PAUSED, UUID.randomUUID().toString())
                .setReason(reason)
                .setPartitionsDone(partitionsDone)
                .setPartitionsTotal(partitionsTotal));
    }

    @Override
    public void resumed(PhaseRef ref, int partitionsDone, int partitionsTotal) {
        send(base(ref, PhaseProgressType.RESUMED, UUID.randomUUID().toString())
                .setPartitionsDone(partitionsDone)
                .setPartitionsTotal(partitionsTotal));
    }

    @Override
    public void staged(PhaseRef ref, long rows, long durationMillis, double computeSeconds, int partitionsTotal) {
        send(base(ref, PhaseProgressType.STAGED, id(ref, "staged"))
                .setRows(rows)
                .setDurationMillis(durationMillis)
                .setComputeSeconds(computeSeconds)
                .setPartitionsDone(partitionsTotal)
                .setPartitionsTotal(partitionsTotal));
    }

    @Override
    public void failed(PhaseRef ref, String reason, boolean retriable, int partitionsDone, int partitionsTotal) {
        send(base(ref, PhaseProgressType.FAILED, id(ref, "failed"))
                .setReason(reason)
                .setRetriable(retriable)
                .setPartitionsDone(partitionsDone)
                .setPartitionsTotal(partitionsTotal));
    }

    @Override
    public void published(CommandSpec command, List<PartitionPublish> outcomes) {
        send(base(command.ref(), PhaseProgressType.PUBLISHED, "published:" + command.eventId())
                .setPartitionOutcomes(outcomes(outcomes))
                .setPartitionsDone(outcomes.size())
                .setPartitionsTotal(outcomes.size()));
    }

    @Override
    public void rolledBack(CommandSpec command, String partition, List<PartitionPublish> outcomes) {
        String id = "rolled-back:" + command.eventId() + (partition == null ? "" : ":" + partition);
        send(base(command.ref(), PhaseProgressType.ROLLED_BACK, id)
                .setPartition(partition)
                .setPartitionOutcomes(outcomes(outcomes))
                .setReason(command.reason())
                .setPartitionsDone(outcomes.size())
                .setPartitionsTotal(outcomes.size()));
    }

    @Override
    public void discarded(CommandSpec command, List<String> partitions) {
        send(base(command.ref(), PhaseProgressType.DISCARDED, "discarded:" + command.eventId())
                .setPartitionOutcomes(partitions.stream()
                        .map(p -> PartitionOutcome.newBuilder()
                                .setPartition(p)
                                .setChanged(false) // the target is untouched by a discard
                                .build())
                        .toList())
                .setReason(command.reason())
                .setPartitionsDone(partitions.size())
                .setPartitionsTotal(partitions.size()));
    }

    private static List<PartitionOutcome> outcomes(List<PartitionPublish> outcomes) {
        return outcomes.stream()
                .map(o -> PartitionOutcome.newBuilder()
                        .setPartition(o.partitionKey())
                        .setRowsBefore(o.before().rows())
                        .setRowsAfter(o.after().rows())
                        .setChecksumBefore(o.before().text())
                        .setChecksumAfter(o.after().text())
                        .setChanged(o.changed())
                        .build())
                .toList();
    }

    private PhaseProgress.Builder base(PhaseRef ref, PhaseProgressType type, String eventId) {
        return PhaseProgress.newBuilder()
                .setEventId(eventId)
                .setBackfillId(ref.backfillId())
                .setPhaseId(ref.phaseId())
                .setAttempt(ref.attempt())
                .setExecutorId(executorId)
                .setType(type)
                .setOccurredAt(clock.instant());
    }

    private static String id(PhaseRef ref, String what) {
        return ref.phaseId() + "#" + ref.attempt() + ":" + what;
    }

    private void send(PhaseProgress.Builder progress) {
        PhaseProgress event = progress.build();
        publisher.publishAndWait(Topics.PHASE_PROGRESS, event.getBackfillId(), event);
    }
}
