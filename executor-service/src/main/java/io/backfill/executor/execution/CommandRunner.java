package io.backfill.executor.execution;

import io.backfill.core.Partition;
import io.backfill.messaging.EventPublisher;
import io.backfill.warehouse.Failures;
import io.backfill.warehouse.PartitionPublish;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the data-changing planner commands through the warehouse layer and reports them on
 * {@code phase-progress}: PUBLISH (atomic, previous contents kept in the corridor) → PUBLISHED with
 * per-partition rows and checksums before/after and the changed flag; DISCARD → DISCARDED;
 * ROLLBACK of the whole phase → one ROLLED_BACK, of listed partitions → one ROLLED_BACK per partition
 * (naming it). Each is idempotent in the warehouse (a repeat finds the work done and reports it
 * again), so a redelivered command is harmless; a failure is reported as FAILED.
 */
final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    private final Warehouse warehouse;
    private final ProgressSink progress;

    CommandRunner(Warehouse warehouse, ProgressSink progress) {
        this.warehouse = warehouse;
        this.progress = progress;
    }

    JobOutcome run(CommandSpec command) {
        PhaseRef ref = command.ref();
        try {
            TargetTable target = warehouse.describe(command.target(), command.partitionColumn());
            switch (command.type()) {
                case PUBLISH -> {
                    List<PartitionPublish> outcomes = warehouse.publish(target, ref.phaseId(), command.partitions());
                    LOG.info(
                            "{}: published {} partition(s) of {} ({})",
                            ref,
                            outcomes.size(),
                            target.table(),
                            command.eventId());
                    progress.published(command, outcomes);
                }
                case DISCARD -> {
                    List<String> discarded = warehouse.discard(target, ref.phaseId());
                    LOG.info("{}: discarded staging of {} partition(s) ({})", ref, discarded.size(), command.eventId());
                    progress.discarded(command, discarded);
                }
                case ROLLBACK -> rollback(command, target);
                default -> throw new IllegalArgumentException(command.type() + " is not a data command");
            }
            return JobOutcome.COMMIT;
        } catch (EventPublisher.PublishFailedException e) {
            LOG.warn("{}: {} done but not reported, will be redelivered: {}", ref, command.type(), e.getMessage());
            return JobOutcome.REDELIVER;
        } catch (RuntimeException e) {
            LOG.warn("{}: {} failed ({}): {}", ref, command.type(), command.eventId(), e.getMessage());
            progress.failed(ref, command.type() + " failed: " + Failures.describe(e), Failures.retriable(e), 0, 0);
            return JobOutcome.COMMIT;
        }
    }

    private void rollback(CommandSpec command, TargetTable target) {
        PhaseRef ref = command.ref();
        if (command.partitions().isEmpty()) {
            List<PartitionPublish> outcomes = warehouse.rollback(target, ref.phaseId());
            LOG.info("{}: rolled back {} partition(s) ({})", ref, outcomes.size(), command.eventId());
            progress.rolledBack(command, null, outcomes);
            return;
        }
        for (Partition partition : command.partitions()) {
            List<PartitionPublish> outcomes = warehouse.rollback(target, ref.phaseId(), List.of(partition));
            LOG.info("{}: rolled back partition {} ({})", ref, partition.key(), command.eventId());
            progress.rolledBack(command, partition.key(), outcomes);
        }
    }
}
