package io.backfill.planner.messaging;

import io.backfill.events.AlertSeverity;
import io.backfill.events.AlertType;
import io.backfill.events.BackfillAlert;
import io.backfill.events.topics.Topics;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.projection.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the planner's {@link Alert}s into {@code BackfillAlert} records on {@code backfill-alerts}
 * (key backfillId) with a deterministic event id and a severity per type. An alert that can never be
 * written is logged and dropped: it is also in the backfill's status.
 */
final class AlertPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPublisher.class);

    private final Publishing publishing;

    AlertPublisher(Publishing publishing) {
        this.publishing = publishing;
    }

    void publish(Alert alert, Planner planner) {
        BackfillAlert record = BackfillAlert.newBuilder()
                .setEventId(alert.type() + ":" + alert.backfillId() + ":"
                        + alert.phaseId().orElse("-") + ":" + alert.at().toEpochMilli())
                .setBackfillId(alert.backfillId())
                .setType(AlertType.valueOf(alert.type().name()))
                .setSeverity(severity(alert.type()))
                .setMessage(alert.message())
                .setPhaseId(alert.phaseId().orElse(null))
                .setProjectedFinish(alert.projectedFinish().orElse(null))
                .setDeadline(planner.run(alert.backfillId())
                        .flatMap(run -> run.spec().deadline())
                        .orElse(null))
                .setRaisedAt(alert.at())
                .build();
        try {
            publishing.publish(Topics.BACKFILL_ALERTS, alert.backfillId(), record);
            LOG.warn("Backfill {}: alert {}: {}", alert.backfillId(), alert.type(), alert.message());
        } catch (Publishing.Unpublishable e) {
            LOG.error("Backfill {}: alert {} dropped: {}", alert.backfillId(), alert.type(), e.getMessage());
        }
    }

    static AlertSeverity severity(Alert.AlertType type) {
        return switch (type) {
            case REQUEST_REJECTED -> AlertSeverity.INFO;
            case DEADLINE_AT_RISK, STUCK_PHASE, GATE_FAILED, LOAD_BREACH -> AlertSeverity.WARNING;
            case PHASE_FAILED, BUDGET_EXHAUSTED -> AlertSeverity.CRITICAL;
        };
    }
}
