package io.backfill.validator.messaging;

import io.backfill.events.CheckResult;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventLoop;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.RecordContext;
import io.backfill.messaging.RetriableFailure;
import io.backfill.messaging.TopicReplay;
import io.backfill.messaging.mapping.CoreMapping;
import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.GateVerdict;
import io.backfill.validator.domain.InMemoryMetricHistory;
import io.backfill.validator.domain.MetricHistory;
import io.backfill.validator.domain.MetricRecorder;
import io.backfill.validator.gate.GateEvaluator;
import io.backfill.validator.gate.StagedPhase;
import io.backfill.warehouse.FailureKind;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One validator instance as plain Java: reads {@code phase-progress} (consumer group), decides every
 * STAGED phase with the {@link GateEvaluator} and writes one {@code GateDecision} to
 * {@code gate-decisions} (the validator is its only writer). It also reads {@code backfill-phases} (phase
 * definitions: checks, partitions, target) and its own {@code gate-decisions} from the beginning, so after
 * a restart it knows every phase, every decision already made (a redelivered STAGED event gets no second
 * decision) and the metric history the anomaly check scores against.
 *
 * <p>It never writes the warehouse: the warehouse it is given should be opened read-only.
 */
public final class ValidatorNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatorNode.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaSettings kafka;
    private final Warehouse warehouse;
    private final String warehouseId;
    private final String groupId;
    private final Clock clock;
    private final Consumer<GateDecision> onDecision;
    private final PhaseDefinitions phases = new PhaseDefinitions();
    private final DecisionLedger ledger = new DecisionLedger();
    private final MetricHistory history = new InMemoryMetricHistory();
    private final GateEvaluator evaluator;
    private EventPublisher publisher;
    private TopicReplay<PhaseInstruction> phaseReplay;
    private TopicReplay<GateDecision> decisionReplay;
    private EventLoop progressLoop;

    /**
     * @param warehouseId the warehouse this validator gates: phases of other warehouses sharing the Kafka
     *     cluster are left to their own validators (their targets are not in {@code warehouse})
     */
    public ValidatorNode(
            KafkaSettings kafka,
            Warehouse warehouse,
            String warehouseId,
            String groupId,
            Clock clock,
            Consumer<GateDecision> onDecision) {
        this.kafka = kafka;
        this.warehouse = warehouse;
        this.warehouseId = warehouseId;
        this.groupId = groupId;
        this.clock = clock;
        this.onDecision = onDecision;
        this.evaluator = GateEvaluator.standard(warehouse.checks(), history);
    }

    /** Catches up on phases and past decisions, then starts deciding. */
    public void start() throws InterruptedException {
        publisher = new EventPublisher(kafka);
        phaseReplay = new TopicReplay<>(kafka, Topics.BACKFILL_PHASES, phases::accept);
        decisionReplay = new TopicReplay<>(kafka, Topics.GATE_DECISIONS, ledger::accept);
        if (!phaseReplay.awaitCaughtUp(CATCH_UP_TIMEOUT) || !decisionReplay.awaitCaughtUp(CATCH_UP_TIMEOUT)) {
            throw new IllegalStateException("validator could not read backfill-phases and gate-decisions within "
                    + CATCH_UP_TIMEOUT.toSeconds() + " s");
        }
        int restored = restoreHistory();
        LOG.info("Validator caught up: {} metric points restored from committed decisions", restored);
        progressLoop = EventLoop.builder(kafka, groupId, publisher)
                .on(Topics.PHASE_PROGRESS, this::onProgress)
                .build();
        progressLoop.start();
    }

    public boolean healthy() {
        return progressLoop != null
                && progressLoop.healthy(Duration.ofSeconds(30))
                && phaseReplay.running()
                && decisionReplay.running();
    }

    private int restoreHistory() {
        int[] points = {0};
        ledger.all().forEach(decision -> {
            if (decision.getOutcome() == GateOutcome.COMMIT) {
                phases.find(decision.getPhaseId(), decision.getAttempt())
                        .filter(phase -> warehouseId.equals(phase.getWarehouseId()))
                        .ifPresent(phase -> points[0] += MetricRecorder.recordCommitted(
                                history,
                                CoreMapping.table(phase.getTarget()),
                                phase.getPhaseId(),
                                EventMapping.verdict(decision)));
            }
        });
        return points[0];
    }

    private void onProgress(String key, PhaseProgress progress, RecordContext context) {
        if (progress.getType() != PhaseProgressType.STAGED) {
            return;
        }
        String decisionId = DecisionLedger.decisionId(progress.getPhaseId(), progress.getAttempt());
        if (ledger.find(decisionId).isPresent()) {
            LOG.info(
                    "Phase {} attempt {} (backfill {}) was already decided; redelivered STAGED at {} ignored",
                    progress.getPhaseId(),
                    progress.getAttempt(),
                    progress.getBackfillId(),
                    context);
            return;
        }
        PhasePlanned phase = phases.find(progress.getPhaseId(), progress.getAttempt())
                .orElseThrow(() -> new RetriableFailure(
                        "phase " + progress.getPhaseId() + " attempt " + progress.getAttempt()
                                + " not (yet) seen on backfill-phases",
                        null));
        if (!warehouseId.equals(phase.getWarehouseId())) {
            LOG.debug(
                    "Phase {} runs on warehouse {}, not {}: left to its own validator",
                    phase.getPhaseId(),
                    phase.getWarehouseId(),
                    warehouseId);
            return;
        }
        GateDecision decision = decide(phase, progress, decisionId);
        publisher.publishAndWait(Topics.GATE_DECISIONS, phase.getBackfillId(), decision);
        ledger.accept(key, decision);
        onDecision.accept(decision);
    }

    private GateDecision decide(PhasePlanned phase, PhaseProgress progress, String decisionId) {
        StagedPhase staged;
        try {
            TargetTable target = warehouse.describe(CoreMapping.table(phase.getTarget()), phase.getPartitionColumn());
            List<CheckDefinition> checks =
                    phase.getChecks().stream().map(EventMapping::definition).toList();
            staged = new StagedPhase(
                    target,
                    phase.getBackfillId(),
                    phase.getPhaseId(),
                    phase.getAttempt(),
                    CoreMapping.partitions(phase.getGrain(), phase.getTimeZone(), phase.getPartitions()),
                    phase.getTransformationSql(),
                    checks,
                    progress.getOccurredAt());
        } catch (WarehouseException e) {
            if (e.kind() == FailureKind.RETRIABLE) {
                throw new RetriableFailure("warehouse unavailable describing " + phase.getTarget(), e);
            }
            return rejectedBecause(phase, decisionId, "cannot describe the target: " + e.getMessage());
        } catch (RuntimeException e) {
            // Fail closed: a phase whose checks cannot even be read is not published.
            return rejectedBecause(phase, decisionId, "cannot read the phase's checks: " + e.getMessage());
        }
        GateVerdict verdict = evaluator.evaluate(staged);
        if (verdict.commits()) {
            evaluator.recordCommitted(staged, verdict);
        }
        return GateDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setDecisionId(decisionId)
                .setBackfillId(phase.getBackfillId())
                .setPhaseId(phase.getPhaseId())
                .setAttempt(phase.getAttempt())
                .setOutcome(EventMapping.outcome(verdict.decision()))
                .setChecks(verdict.outcomes().stream().map(EventMapping::result).toList())
                .setSummary(verdict.summary())
                .setDecidedAt(clock.instant())
                .build();
    }

    private GateDecision rejectedBecause(PhasePlanned phase, String decisionId, String reason) {
        LOG.warn("Phase {} (backfill {}) rejected: {}", phase.getPhaseId(), phase.getBackfillId(), reason);
        CheckResult error = CheckResult.newBuilder()
                .setName("gate")
                .setType(io.backfill.events.CheckType.UNKNOWN)
                .setStatus(io.backfill.events.CheckStatus.ERROR)
                .setDetail(reason)
                .build();
        return GateDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setDecisionId(decisionId)
                .setBackfillId(phase.getBackfillId())
                .setPhaseId(phase.getPhaseId())
                .setAttempt(phase.getAttempt())
                .setOutcome(GateOutcome.REJECT)
                .setChecks(List.of(error))
                .setSummary("REJECT: " + reason)
                .setDecidedAt(clock.instant())
                .build();
    }

    @Override
    public void close() {
        if (progressLoop != null) {
            progressLoop.close();
        }
        if (phaseReplay != null) {
            phaseReplay.close();
        }
        if (decisionReplay != null) {
            decisionReplay.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
