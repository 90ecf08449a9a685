package io.backfill.planner.messaging;

import io.backfill.events.BackfillRequested;
import io.backfill.events.Budget;
import io.backfill.events.PartitionGrain;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseCommandType;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.TableRef;
import io.backfill.planner.domain.lifecycle.Instruction;
import io.backfill.planner.domain.lifecycle.Instruction.AbortPhase;
import io.backfill.planner.domain.lifecycle.Instruction.DiscardPhase;
import io.backfill.planner.domain.lifecycle.Instruction.PausePhase;
import io.backfill.planner.domain.lifecycle.Instruction.PublishPhase;
import io.backfill.planner.domain.lifecycle.Instruction.ReleasePhase;
import io.backfill.planner.domain.lifecycle.Instruction.ResumePhase;
import io.backfill.planner.domain.lifecycle.Instruction.RollbackPartition;
import io.backfill.planner.domain.lifecycle.Instruction.RollbackPhase;
import io.backfill.planner.domain.split.PhasePlan;
import java.time.Instant;
import java.util.List;

/**
 * Writes domain {@link Instruction}s as {@code PhaseInstruction} records for {@code backfill-phases}.
 *
 * <p>Event ids are deterministic, so a restarted planner recognises on its own journal what it already
 * sent and executors deduplicate a resend: {@code planned:<phaseId>:<attempt>} for a release and
 * {@code <type>:<phaseId>:<attempt>:<trigger>[:<partition>]} for a command, where the trigger is the
 * id of the event that caused it (the gate decision, the user command, the progress report).
 *
 * <p>Budgets travel with each phase: the request's {@code phaseBudget} when given, else its
 * {@code budget}, so executors pace partitions within them; {@code maxComputeSeconds} is narrowed to what
 * is left of the backfill's compute budget when the phase is released.
 */
public final class InstructionEncoder {

    private InstructionEncoder() {}

    public static String plannedEventId(String phaseId, int attempt) {
        return "planned:" + phaseId + ":" + attempt;
    }

    public static PhaseInstruction encode(
            Instruction instruction,
            BackfillRequested request,
            int attempt,
            String triggerId,
            String decisionId,
            Instant now) {
        if (instruction instanceof ReleasePhase release) {
            return new PhaseInstruction(planned(release, request, now));
        }
        PhaseCommandType type;
        String reason = null;
        List<String> partitions = List.of();
        String suffix = "";
        switch (instruction) {
            case PublishPhase p -> type = PhaseCommandType.PUBLISH;
            case DiscardPhase d -> {
                type = PhaseCommandType.DISCARD;
                reason = d.reason();
            }
            case AbortPhase a -> {
                type = PhaseCommandType.ABORT;
                reason = a.reason();
            }
            case RollbackPhase r -> type = PhaseCommandType.ROLLBACK;
            case RollbackPartition r -> {
                type = PhaseCommandType.ROLLBACK;
                partitions = List.of(r.partitionKey());
                suffix = ":" + r.partitionKey();
            }
            case PausePhase p -> type = PhaseCommandType.PAUSE;
            case ResumePhase r -> type = PhaseCommandType.RESUME;
            case ReleasePhase r -> throw new IllegalStateException("handled above");
        }
        boolean fromGate = type == PhaseCommandType.PUBLISH || type == PhaseCommandType.DISCARD;
        PhaseCommand command = PhaseCommand.newBuilder()
                .setEventId(type.name().toLowerCase() + ":" + instruction.phaseId() + ":" + attempt + ":" + triggerId
                        + suffix)
                .setBackfillId(instruction.backfillId())
                .setPhaseId(instruction.phaseId())
                .setAttempt(attempt)
                .setType(type)
                .setTarget(copy(request.getTarget()))
                .setPartitionColumn(request.getPartitionColumn())
                .setGrain(request.getRange().getGrain())
                .setTimeZone(request.getRange().getTimeZone())
                .setPartitions(partitions)
                .setDecisionId(fromGate ? decisionId : null)
                .setReason(reason)
                .setIssuedAt(now)
                .build();
        return new PhaseInstruction(command);
    }

    private static PhasePlanned planned(ReleasePhase release, BackfillRequested request, Instant now) {
        PhasePlan plan = release.phase();
        return PhasePlanned.newBuilder()
                .setEventId(plannedEventId(plan.phaseId(), release.attempt()))
                .setBackfillId(release.backfillId())
                .setPhaseId(plan.phaseId())
                .setSequence(plan.index())
                .setAttempt(release.attempt())
                .setWarehouseId(request.getWarehouseId())
                .setTarget(copy(request.getTarget()))
                .setPartitionColumn(request.getPartitionColumn())
                .setGrain(PartitionGrain.valueOf(request.getRange().getGrain().name()))
                .setTimeZone(request.getRange().getTimeZone())
                .setPartitions(plan.partitions().stream().map(p -> p.key()).toList())
                .setTransformationSql(request.getTransformationSql())
                .setBudget(budget(request, release))
                .setRolloutMode(request.getRolloutMode())
                .setChecks(request.getChecks())
                .setEstimatedSeconds(plan.estimatedSeconds())
                .setPlannedAt(now)
                .build();
    }

    /**
     * The request's phase budget (else its budget), with {@code maxComputeSeconds} narrowed to what is left
     * of the backfill's compute budget, so an executor stops the phase itself when the backfill runs out.
     */
    private static Budget budget(BackfillRequested request, ReleasePhase release) {
        Budget base = request.getPhaseBudget() != null ? request.getPhaseBudget() : request.getBudget();
        if (base == null || release.computeAllowance().isEmpty()) {
            return base;
        }
        double allowance = release.computeAllowance().getAsDouble();
        Double cap = base.getMaxComputeSeconds();
        return Budget.newBuilder(base)
                .setMaxComputeSeconds(cap == null ? allowance : Math.min(cap, allowance))
                .build();
    }

    private static TableRef copy(TableRef ref) {
        return TableRef.newBuilder(ref).build();
    }
}
