package io.backfill.executor.execution;

import io.backfill.warehouse.Checkpoint;
import io.backfill.warehouse.PartitionPublish;
import java.util.List;

/**
 * Where the runners report what they did ({@code phase-progress}). Every call returns only once the
 * event is durable on the broker, so a caller that then commits its Kafka offset never loses an
 * outcome; a failure throws (the record is redelivered and the step redone idempotently).
 */
public interface ProgressSink {

    void started(PhaseRef ref, int partitionsDone, int partitionsTotal);

    void partitionStaged(PhaseRef ref, Checkpoint checkpoint, int partitionsDone, int partitionsTotal);

    void paused(PhaseRef ref, String reason, int partitionsDone, int partitionsTotal);

    void resumed(PhaseRef ref, int partitionsDone, int partitionsTotal);

    void staged(PhaseRef ref, long rows, long durationMillis, double computeSeconds, int partitionsTotal);

    void failed(PhaseRef ref, String reason, boolean retriable, int partitionsDone, int partitionsTotal);

    void published(CommandSpec command, List<PartitionPublish> outcomes);

    /** {@code partition} is set when one partition was rolled back by name, null for the whole phase. */
    void rolledBack(CommandSpec command, String partition, List<PartitionPublish> outcomes);

    void discarded(CommandSpec command, List<String> partitions);
}
