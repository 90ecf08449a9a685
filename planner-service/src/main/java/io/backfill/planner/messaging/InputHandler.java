package io.backfill.planner.messaging;

import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.GateDecision;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventLoop;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.RecordContext;
import io.backfill.messaging.RetriableFailure;
import io.backfill.messaging.TopicDecoder;
import io.backfill.planner.domain.lifecycle.BackfillEvent;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.lifecycle.PhaseRun;
import io.backfill.planner.domain.lifecycle.PhaseStatus;
import io.backfill.planner.domain.planning.Step;
import io.backfill.planner.domain.projection.Alert;
import io.backfill.planner.domain.projection.LoadBreachWatch;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.planner.warehouse.WarehouseCatalogue.WarehouseUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the planner's four inputs ({@code backfill-requests}, {@code phase-progress},
 * {@code gate-decisions}, {@code backfill-commands}) and its tick to the in-memory planner, and hands
 * each resulting {@link Step} to {@link Delivery}. The same code runs live and while replaying
 * ({@code firstTime} false: a record handled before a restart raises no alert again).
 *
 * <p><b>One backfill never stops the others.</b> An exception while handling one backfill's event (a
 * rule no test foresaw, a value nobody expected) gives that backfill up: FAILED with the reason, or
 * REJECTED when its request was never accepted. The record is not parked and the planner carries on;
 * a replay meets the same exception at the same place and reaches the same verdict.
 */
final class InputHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InputHandler.class);
    private static final int INTAKE_ATTEMPTS = 3;

    private final PlannerState state;
    private final Delivery delivery;
    private final Journal journal;
    private final PlannerNode.Intake intake;
    private final Publishing publishing;
    private final AlertPublisher alerts;
    private final StatusPublisher statuses;
    private final StallWatchdog watchdog;
    private final Clock clock;
    private final String warehouseId;
    /** Gate decisions that overtook their phase's STAGED report (different topics), by phaseId#attempt. */
    private final Map<String, GateDecision> earlyDecisions = new HashMap<>();

    InputHandler(
            PlannerState state,
            Delivery delivery,
            Journal journal,
            PlannerNode.Intake intake,
            Publishing publishing,
            AlertPublisher alerts,
            StatusPublisher statuses,
            StallWatchdog watchdog,
            Clock clock,
            String warehouseId) {
        this.state = state;
        this.delivery = delivery;
        this.journal = journal;
        this.intake = intake;
        this.publishing = publishing;
        this.alerts = alerts;
        this.statuses = statuses;
        this.watchdog = watchdog;
        this.clock = clock;
        this.warehouseId = warehouseId;
    }

    /** Handles one input event; {@code firstTime} is false for replayed records handled before a restart. */
    void handle(Object value, RecordContext context, boolean firstTime) {
        String backfillId = backfillIdOf(value);
        watchdog.doing("handling " + context + " (backfill " + backfillId + ")");
        try {
            switch (value) {
                case BackfillRequested r -> onRequest(r, context, firstTime);
                case PhaseProgress p -> onProgress(p, firstTime);
                case GateDecision g -> onGate(g, firstTime);
                case BackfillCommand c -> onCommand(c, firstTime);
                default -> LOG.warn("Planner ignores {} at {}", value.getClass().getSimpleName(), context);
            }
        } catch (EventLoop.Rewind | RetriableFailure | EventPublisher.PublishFailedException e) {
            throw e; // the loop's business: start over, retry, or stop (fenced, shutting down)
        } catch (RuntimeException e) {
            LOG.error("Planner could not handle {} (backfill {})", context, backfillId, e);
            handlingFailed(backfillId, value, context, e, firstTime);
        }
    }

    /** Runs the scheduler: releases, deadline projections, stuck phases. */
    void tick() {
        watchdog.doing("tick");
        delivery.deliver(state.planner.tick(), "tick", null, true);
        statuses.refreshMetrics();
    }

    /** A sustained load breach: LOAD_BREACH for every running backfill (see {@link io.backfill.planner.domain.planning.Planner#loadBreached}). */
    void loadBreach(LoadBreachWatch.Breach breach) {
        watchdog.doing("load breach");
        delivery.deliver(state.planner.loadBreached(breach, clock.instant()), "load-breach", null, true);
    }

    private void handlingFailed(
            String backfillId, Object value, RecordContext context, Exception e, boolean firstTime) {
        String reason = "the planner could not handle " + value.getClass().getSimpleName() + " at " + context + ": "
                + TopicDecoder.rootMessage(e);
        if (backfillId != null && state.planner.run(backfillId).isPresent()) {
            delivery.giveUp(backfillId, reason, firstTime);
        } else if (value instanceof BackfillRequested request && warehouseId.equals(request.getWarehouseId())) {
            rejectUnread(request, reason, firstTime);
        } else if (!state.replaying) {
            // About no backfill this planner knows: nothing to fail. The loop parks the record with the reason.
            throw new IllegalStateException(reason, e);
        }
    }

    /** A request the planner could not even turn into a run: REJECTED with the reason, and an alert. */
    private void rejectUnread(BackfillRequested request, String reason, boolean firstTime) {
        String id = request.getBackfillId();
        state.requests.putIfAbsent(id, request);
        if (state.replaying || !firstTime) {
            return;
        }
        BackfillStatus status = StatusBook.rejected(request, List.of(reason), clock.instant());
        try {
            publishing.publish(Topics.BACKFILL_STATUS, id, status);
        } catch (Publishing.Unpublishable unwritable) {
            LOG.error("Backfill {}: rejection cannot be written: {}", id, unwritable.getMessage());
        }
        alerts.publish(
                new Alert(
                        Alert.AlertType.REQUEST_REJECTED,
                        id,
                        Optional.empty(),
                        clock.instant(),
                        "backfill " + id + " rejected: " + reason,
                        Optional.empty()),
                state.planner);
    }

    private static String backfillIdOf(Object value) {
        return switch (value) {
            case BackfillRequested r -> r.getBackfillId();
            case PhaseProgress p -> p.getBackfillId();
            case GateDecision g -> g.getBackfillId();
            case BackfillCommand c -> c.getBackfillId();
            default -> null;
        };
    }

    // ---- requests ----------------------------------------------------------------------------------

    private void onRequest(BackfillRequested request, RecordContext context, boolean firstTime) {
        String id = request.getBackfillId();
        if (!warehouseId.equals(request.getWarehouseId())) {
            LOG.debug(
                    "Backfill {} is for warehouse {}, not {}: left to its planner",
                    id,
                    request.getWarehouseId(),
                    warehouseId);
            return;
        }
        BackfillRequested earlier = state.requests.get(id);
        if (earlier != null) {
            if (!earlier.getEventId().equals(request.getEventId()) && firstTime) {
                String message = "request " + request.getEventId() + " reuses backfill id " + id
                        + " of an earlier request; it was ignored";
                LOG.warn("Backfill {}: {}", id, message);
                alerts.publish(
                        new Alert(
                                Alert.AlertType.REQUEST_REJECTED,
                                id,
                                Optional.empty(),
                                clock.instant(),
                                message,
                                Optional.empty()),
                        state.planner);
            }
            return;
        }
        Instant at = state.replaying ? context.timestamp() : clock.instant();
        // Replayed requests are judged by the clock of their time (a deadline then in the future stays valid).
        RequestIntake.Assessment assessment =
                assessWithRetries(request, state.replaying ? Clock.fixed(at, ZoneOffset.UTC) : clock);
        List<String> problems = assessment.problems();
        List<PhasePlan> plans = assessment.plans();
        BackfillStatus recorded = state.replaying ? state.recordedStatus.get(id) : null;
        boolean planRestored = false;
        if (recorded != null) {
            if (recorded.getState() == BackfillState.REJECTED) {
                problems = recorded.getProblems();
                plans = List.of();
            } else {
                Optional<List<PhasePlan>> recordedPlans = StatusBook.plansOf(
                                state.phaseRecords.recorded(id),
                                assessment.spec().range())
                        // A status written before contract 0.2 carried its phases itself.
                        .or(() -> StatusBook.plansOf(recorded, assessment.spec().range()));
                if (recordedPlans.isPresent()) {
                    problems = List.of();
                    plans = recordedPlans.get();
                    planRestored = true;
                }
            }
        }
        state.requests.put(id, request);
        Step step = state.planner.submit(
                assessment.spec(), problems, plans, assessment.secondsPerPartition(), assessment.basis(), at);
        if (step.refusal().isPresent()) {
            LOG.warn("Backfill {}: {}", id, step.refusal().get());
        }
        if (!problems.isEmpty()) {
            LOG.info("Backfill {} rejected: {}", id, problems);
        } else {
            LOG.info(
                    "Backfill {} accepted: {} phases, {}",
                    id,
                    plans.size(),
                    state.planner.run(id).map(BackfillRun::status).orElse(null));
        }
        if (planRestored) {
            state.planner.run(id).ifPresent(run -> run.restoreReplans(recorded.getReplans()));
        }
        delivery.deliver(step, request.getEventId(), null, firstTime);
    }

    /**
     * While replaying, waits for the warehouse as long as it takes (skipping would lose the backfill);
     * live, a few attempts, then the loop's own bounded retry and, at the end, the DLQ with the reason.
     */
    private RequestIntake.Assessment assessWithRetries(BackfillRequested request, Clock validationClock) {
        for (int attempt = 1; ; attempt++) {
            try {
                return intake.assess(request, validationClock);
            } catch (WarehouseUnavailable e) {
                if (attempt >= INTAKE_ATTEMPTS && !state.replaying) {
                    throw new RetriableFailure("warehouse unavailable: " + e.getMessage(), e);
                }
                LOG.warn(
                        "Backfill {}: attempt {} to validate failed: {}",
                        request.getBackfillId(),
                        attempt,
                        e.getMessage());
                watchdog.doing("waiting for the warehouse to validate backfill " + request.getBackfillId());
                sleep(Duration.ofSeconds(Math.min(attempt, 5)));
            }
        }
    }

    // ---- progress, gates, commands -------------------------------------------------------------------

    private void onProgress(PhaseProgress progress, boolean firstTime) {
        String id = progress.getBackfillId();
        journal.restoreBefore(progress.getPhaseId(), progress.getAttempt());
        if (stale(id, progress.getPhaseId(), progress.getAttempt(), "progress " + progress.getEventId())) {
            return;
        }
        state.book.progress(progress);
        if (progress.getType() == PhaseProgressType.PARTITION_STAGED && progress.getDurationMillis() != null) {
            delivery.deliver(
                    state.planner.observe(id, 1, Duration.ofMillis(progress.getDurationMillis())),
                    progress.getEventId(),
                    null,
                    firstTime);
        }
        Optional<BackfillEvent> event = EventMapping.event(progress);
        Step step = event.map(e -> state.planner.apply(id, e)).orElse(Step.none());
        logRefusal(id, step);
        delivery.deliver(step, progress.getEventId(), null, firstTime);
        delivery.statusChanged(id);
        if (progress.getType() == PhaseProgressType.STAGED
                && !state.replaying
                && step.refusal().isEmpty()) {
            resplit(id, progress.getEventId(), firstTime);
        }
        GateDecision early = earlyDecisions.get(progress.getPhaseId() + "#" + progress.getAttempt());
        if (early != null && !awaitsStaging(id, progress.getPhaseId())) {
            earlyDecisions.remove(progress.getPhaseId() + "#" + progress.getAttempt());
            LOG.info(
                    "Backfill {} phase {}: applying decision {} that arrived before the phase was staged",
                    id,
                    progress.getPhaseId(),
                    early.getDecisionId());
            onGate(early, firstTime);
        }
    }

    /**
     * Re-splits the backfill's unreleased phases from what staging observed so far; delivering the step
     * publishes the new plan in backfill-status at once, before any tick can release one of its phases.
     */
    void resplit(String backfillId, String triggerId, boolean firstTime) {
        Step step = state.planner.resplit(backfillId);
        step.refusal().ifPresent(why -> LOG.warn("Backfill {}: {}", backfillId, why));
        if (!step.changed().isEmpty()) {
            LOG.info(
                    "Backfill {}: unreleased phases re-split from observed seconds per partition: {}",
                    backfillId,
                    state.planner
                            .run(backfillId)
                            .map(run -> run.unreleasedTail().stream()
                                    .map(p -> p.phaseId() + "=" + p.size())
                                    .toList())
                            .orElse(List.of()));
        }
        delivery.deliver(step, triggerId, null, firstTime);
    }

    /**
     * True while the phase is still staging. The validator decides only after STAGED, but
     * gate-decisions and phase-progress are different topics, so the planner may read the decision
     * first; it then waits for the STAGED report instead of refusing the decision.
     */
    private boolean awaitsStaging(String backfillId, String phaseId) {
        return state.planner
                .run(backfillId)
                .flatMap(run -> run.phase(phaseId))
                .map(phase -> phase.status() == PhaseStatus.RELEASED || phase.status() == PhaseStatus.RUNNING)
                .orElse(false);
    }

    private void onGate(GateDecision decision, boolean firstTime) {
        String id = decision.getBackfillId();
        journal.restoreBefore(decision.getPhaseId(), decision.getAttempt());
        if (stale(id, decision.getPhaseId(), decision.getAttempt(), "decision " + decision.getDecisionId())) {
            return;
        }
        if (awaitsStaging(id, decision.getPhaseId())) {
            earlyDecisions.put(decision.getPhaseId() + "#" + decision.getAttempt(), decision);
            LOG.info(
                    "Backfill {} phase {}: decision {} arrived before STAGED; held until the phase is staged",
                    id,
                    decision.getPhaseId(),
                    decision.getDecisionId());
            return;
        }
        state.book.gate(decision);
        Step step = state.planner.apply(id, EventMapping.event(decision));
        logRefusal(id, step);
        delivery.deliver(step, decision.getEventId(), decision.getDecisionId(), firstTime);
        delivery.statusChanged(id);
    }

    private void onCommand(BackfillCommand command, boolean firstTime) {
        String id = command.getBackfillId();
        Step step = state.planner.apply(id, EventMapping.event(command));
        if (state.planner.run(id).isEmpty()) {
            return;
        }
        LOG.info(
                "Backfill {}: command {} by {} {}",
                id,
                command.getType(),
                command.getRequestedBy() == null
                        ? "?"
                        : command.getRequestedBy().getUser(),
                step.refusal().map(r -> "refused: " + r).orElse("applied"));
        if (step.refusal().isPresent() && firstTime) {
            state.book.alert(
                    id,
                    "command " + command.getType() + " refused: "
                            + step.refusal().get());
            delivery.statusChanged(id);
        }
        delivery.deliver(step, command.getEventId(), null, firstTime);
    }

    /** A report about an older attempt of a phase than the current one: the retry superseded it. */
    private boolean stale(String backfillId, String phaseId, int attempt, String what) {
        Optional<PhaseRun> phase = state.planner.run(backfillId).flatMap(run -> run.phase(phaseId));
        if (phase.isPresent() && attempt < phase.get().attempt()) {
            LOG.info(
                    "Backfill {} phase {}: {} is about attempt {}, now at attempt {}; ignored",
                    backfillId,
                    phaseId,
                    what,
                    attempt,
                    phase.get().attempt());
            return true;
        }
        return false;
    }

    private void logRefusal(String backfillId, Step step) {
        // Events of backfills planned for other warehouses are none of this planner's business.
        if (state.planner.run(backfillId).isPresent()) {
            step.refusal().ifPresent(why -> LOG.info("Backfill {}: {}", backfillId, why));
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
