package io.backfill.planner.messaging;

import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.EventLoop;
import io.backfill.planner.domain.lifecycle.BackfillStatus;
import io.backfill.planner.domain.lifecycle.Instruction;
import io.backfill.planner.domain.lifecycle.PhaseRun;
import io.backfill.planner.domain.planning.Step;
import io.backfill.planner.domain.projection.Alert;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what the planner decided in one {@link Step}: its instructions to {@code backfill-phases}
 * (each exactly once: an instruction whose deterministic event id is on the journal is not sent again;
 * while replaying they are only collected, and the ones the journal lacks are sent when the replay is
 * done), then its alerts, then the changed statuses. Instructions go first: a status must never
 * announce a release that is not on backfill-phases yet.
 *
 * <p>It is also where a write that can never succeed ends its backfill ({@link #giveUp}): FAILED with the
 * reason and a PHASE_FAILED alert, in-flight work aborted, a summary status. The other backfills never
 * wait for it.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    /** Starts the {@code stateReason} of a backfill the planner gave up on; a rebuild recognises it. */
    static final String GIVE_UP_PREFIX = "the planner gave up on this backfill: ";

    private final PlannerState state;
    private final Publishing publishing;
    private final StatusPublisher statuses;
    private final AlertPublisher alerts;
    private final Clock clock;
    /** Backfills given up on, by id, with the reason: kept by the node over rebuilds. */
    private final Map<String, String> givenUp;

    private final Set<String> sentInstructionIds = new HashSet<>();
    private final Map<String, PhaseInstruction> unsent = new LinkedHashMap<>();
    private final Set<String> changedStatuses = new LinkedHashSet<>();

    Delivery(
            PlannerState state,
            Publishing publishing,
            StatusPublisher statuses,
            AlertPublisher alerts,
            Clock clock,
            Map<String, String> givenUp) {
        this.state = state;
        this.publishing = publishing;
        this.statuses = statuses;
        this.alerts = alerts;
        this.clock = clock;
        this.givenUp = givenUp;
    }

    /** An instruction found on the journal: already sent by this planner or an earlier one. */
    void journalled(String eventId) {
        sentInstructionIds.add(eventId);
    }

    void deliver(Step step, String triggerId, String decisionId, boolean firstTime) {
        Instant now = clock.instant();
        for (Instruction instruction : step.instructions()) {
            int attempt = state.planner
                    .run(instruction.backfillId())
                    .flatMap(run -> run.phase(instruction.phaseId()))
                    .map(PhaseRun::attempt)
                    .orElse(1);
            if (instruction instanceof Instruction.ReleasePhase release) {
                attempt = release.attempt();
            }
            PhaseInstruction encoded = InstructionEncoder.encode(
                    instruction, state.requests.get(instruction.backfillId()), attempt, triggerId, decisionId, now);
            String eventId = eventId(encoded);
            if (sentInstructionIds.contains(eventId)) {
                continue;
            }
            if (state.replaying) {
                unsent.put(eventId, encoded);
            } else {
                send(instruction.backfillId(), encoded);
            }
        }
        for (Alert alert : step.alerts()) {
            state.book.alert(alert.backfillId(), alert.type() + ": " + alert.message());
            if (firstTime) {
                alerts.publish(alert, state.planner);
            }
        }
        step.changed().forEach(this::statusChanged);
    }

    /** After a replay: sends what the previous planner derived but never sent (none for a backfill given up). */
    void sendUnsent() {
        unsent.forEach((id, instruction) -> {
            String backfillId = backfillId(instruction);
            boolean failed = state.planner
                    .run(backfillId)
                    .map(run -> run.status() == BackfillStatus.FAILED)
                    .orElse(false);
            if (failed && instruction.getInstruction() instanceof PhasePlanned) {
                LOG.info("Not sending {}: backfill {} has failed", id, backfillId);
                return;
            }
            LOG.info("Sending {} that the previous planner derived but never sent", id);
            send(backfillId, instruction);
        });
        unsent.clear();
    }

    private void send(String backfillId, PhaseInstruction instruction) {
        String eventId = eventId(instruction);
        String phaseId = instruction.getInstruction() instanceof PhasePlanned p
                ? p.getPhaseId()
                : ((PhaseCommand) instruction.getInstruction()).getPhaseId();
        try {
            publishing.publish(Topics.BACKFILL_PHASES, phaseId, instruction);
        } catch (Publishing.Unpublishable e) {
            cannotWrite(backfillId, "instruction " + eventId + " cannot be written: " + e.getMessage(), e);
            return;
        }
        sentInstructionIds.add(eventId);
        LOG.info("Phase {}: sent {}", phaseId, eventId);
    }

    /**
     * Notes that the backfill's status changed; it is written by {@link #writeChangedStatuses}, once per
     * polled batch: a batch of a phase's 100 partition reports writes one status, not 100.
     */
    void statusChanged(String backfillId) {
        if (!state.replaying) {
            changedStatuses.add(backfillId);
        }
    }

    /** Writes the status of every backfill changed since the last call (the loop's batch-end step). */
    void writeChangedStatuses() {
        while (!changedStatuses.isEmpty()) {
            // Taken one at a time: giving a backfill up while writing marks it changed again.
            String backfillId = changedStatuses.iterator().next();
            changedStatuses.remove(backfillId);
            publishStatus(backfillId);
        }
    }

    void publishStatus(String backfillId) {
        try {
            statuses.publishStatus(backfillId, givenUp.containsKey(backfillId));
        } catch (Publishing.Unpublishable e) {
            cannotWrite(backfillId, "its status cannot be written: " + e.getMessage(), e);
        }
    }

    private void cannotWrite(String backfillId, String reason, Publishing.Unpublishable e) {
        LOG.error("Backfill {}: {}", backfillId, reason);
        if (e.transactionDoomed()) {
            // Refused by the broker inside the open transaction: everything written since the last commit
            // is lost. Remember the verdict and rebuild from what was committed; the rebuild gives it up.
            givenUp.put(backfillId, reason);
            throw new EventLoop.Rewind("backfill " + backfillId + ": " + reason, e);
        }
        giveUp(backfillId, reason, true);
    }

    /**
     * Ends the backfill for good: FAILED with {@code reason}, in-flight phases aborted or discarded, a
     * PHASE_FAILED alert (when {@code firstTime}) and from now on a summary status only.
     */
    void giveUp(String backfillId, String reason, boolean firstTime) {
        givenUp.putIfAbsent(backfillId, reason);
        Step step = state.planner.giveUp(backfillId, GIVE_UP_PREFIX + reason, clock.instant());
        if (step.refusal().isPresent()) {
            // Already ended (e.g. a DRY_RUN is COMPLETED at once): its status still has to fit.
            LOG.warn("Backfill {}: {}; {}", backfillId, reason, step.refusal().get());
            statusChanged(backfillId);
            return;
        }
        LOG.error("Backfill {} FAILED: {}", backfillId, reason);
        deliver(step, "give-up", null, firstTime);
    }

    private static String eventId(PhaseInstruction instruction) {
        return instruction.getInstruction() instanceof PhasePlanned p
                ? p.getEventId()
                : ((PhaseCommand) instruction.getInstruction()).getEventId();
    }

    private static String backfillId(PhaseInstruction instruction) {
        return instruction.getInstruction() instanceof PhasePlanned p
                ? p.getBackfillId()
                : ((PhaseCommand) instruction.getInstruction()).getBackfillId();
    }
}
