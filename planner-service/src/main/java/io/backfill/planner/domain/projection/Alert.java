package io.backfill.planner.domain.projection;

import java.time.Instant;
import java.util.Optional;

/**
 * Something a human should know about a backfill, as the messaging layer publishes it to
 * {@code backfill-alerts}.
 *
 * @param phaseId the phase concerned, for {@link AlertType#STUCK_PHASE}
 * @param projectedFinish the projection behind a {@link AlertType#DEADLINE_AT_RISK}; empty there
 *     means the windows cannot fit the remaining work at all
 */
public record Alert(
        AlertType type,
        String backfillId,
        Optional<String> phaseId,
        Instant at,
        String message,
        Optional<Instant> projectedFinish) {

    public enum AlertType {
        DEADLINE_AT_RISK,
        STUCK_PHASE,
        /** The request failed validation; the message lists every problem. */
        REQUEST_REJECTED,
        /** A gate rejected a staged phase. */
        GATE_FAILED,
        /** A phase failed for good and the backfill halted. */
        PHASE_FAILED,
        /** The compute budget is used up: nothing more is released and the backfill is PAUSED. */
        BUDGET_EXHAUSTED,
        /** The warehouse load stayed above its limit for the sustain period while the backfill ran. */
        LOAD_BREACH
    }
}
