package io.backfill.planner.messaging;

import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillRequested;
import io.backfill.events.Budget;
import io.backfill.events.FailurePolicy;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.PartitionGrain;
import io.backfill.events.PartitionRange;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.Requester;
import io.backfill.events.RolloutMode;
import io.backfill.events.TableRef;
import io.backfill.events.WindowPolicy;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventPublisher;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Test helper: the events other services write (users' requests and commands, executors' progress, the
 * validator's decisions), published for real. Tests play those services; the broker and registry are real.
 */
public final class Events {

    private final EventPublisher publisher;

    public Events(EventPublisher publisher) {
        this.publisher = publisher;
    }

    public static BackfillRequested.Builder request(
            String warehouseId, String backfillId, String schema, String table, String start, String end) {
        return BackfillRequested.newBuilder()
                .setWarehouseId(warehouseId)
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId)
                .setRequestedAt(Instant.now())
                .setRequester(Requester.newBuilder().setUser("alice").build())
                .setTarget(new TableRef(schema, table))
                .setPartitionColumn("sale_date")
                .setRange(new PartitionRange(PartitionGrain.DAY, start, end, "UTC"))
                .setTransformationSql("SELECT * FROM raw WHERE d >= :partition_start AND d < :partition_end")
                .setBudget(Budget.newBuilder()
                        .setMaxConcurrentStatements(2)
                        .setMaxPhasesInFlight(1)
                        .build())
                .setWindows(WindowPolicy.newBuilder().build())
                .setRolloutMode(RolloutMode.PUBLISH)
                .setFailurePolicy(FailurePolicy.newBuilder().build());
    }

    public void send(BackfillRequested request) {
        publisher.publishAndWait(Topics.BACKFILL_REQUESTS, request.getBackfillId(), request);
    }

    public void progress(String backfillId, String phaseId, int attempt, PhaseProgressType type, String partition) {
        PhaseProgress progress = PhaseProgress.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId)
                .setPhaseId(phaseId)
                .setAttempt(attempt)
                .setExecutorId("executor-test")
                .setType(type)
                .setPartition(partition)
                .setRows(partition == null ? null : 3L)
                .setDurationMillis(partition == null ? null : 20L)
                .setComputeSeconds(partition == null ? null : 0.02)
                .setOccurredAt(Instant.now())
                .build();
        publisher.publishAndWait(Topics.PHASE_PROGRESS, backfillId, progress);
    }

    /** One partition staged, with the rows, wall time and compute seconds the executor measured. */
    public void partitionStaged(
            String backfillId,
            String phaseId,
            int attempt,
            String partition,
            long rows,
            long durationMillis,
            double computeSeconds) {
        PhaseProgress progress = PhaseProgress.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId)
                .setPhaseId(phaseId)
                .setAttempt(attempt)
                .setExecutorId("executor-test")
                .setType(PhaseProgressType.PARTITION_STAGED)
                .setPartition(partition)
                .setRows(rows)
                .setDurationMillis(durationMillis)
                .setComputeSeconds(computeSeconds)
                .setOccurredAt(Instant.now())
                .build();
        publisher.publishAndWait(Topics.PHASE_PROGRESS, backfillId, progress);
    }

    /** STARTED, each partition staged, STAGED: what an executor reports for a phase. */
    public void stage(String backfillId, String phaseId, int attempt, List<String> partitions) {
        progress(backfillId, phaseId, attempt, PhaseProgressType.STARTED, null);
        for (String partition : partitions) {
            progress(backfillId, phaseId, attempt, PhaseProgressType.PARTITION_STAGED, partition);
        }
        progress(backfillId, phaseId, attempt, PhaseProgressType.STAGED, null);
    }

    public void gate(String backfillId, String phaseId, int attempt, GateOutcome outcome) {
        GateDecision decision = GateDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setDecisionId(phaseId + "#" + attempt)
                .setBackfillId(backfillId)
                .setPhaseId(phaseId)
                .setAttempt(attempt)
                .setOutcome(outcome)
                .setSummary(outcome == GateOutcome.COMMIT ? "all checks passed" : "null_rate FAIL")
                .setDecidedAt(Instant.now())
                .build();
        publisher.publishAndWait(Topics.GATE_DECISIONS, backfillId, decision);
    }

    public void command(String backfillId, BackfillCommandType type, String phaseId, String partition) {
        BackfillCommand command = BackfillCommand.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId)
                .setType(type)
                .setPhaseId(phaseId)
                .setPartition(partition)
                .setRequestedBy(Requester.newBuilder().setUser("bob").build())
                .setIssuedAt(Instant.now())
                .build();
        publisher.publishAndWait(Topics.BACKFILL_COMMANDS, backfillId, command);
    }
}
