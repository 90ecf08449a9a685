package io.backfill.planner.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backfill.events.BackfillAlert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body an alert is POSTed with: {@link #SLACK} (an incoming-webhook message, {@code {"text": …}}, which
 * Slack, Mattermost, Rocket.Chat and Teams' Slack-compatible hooks take) or {@link #ALERTMANAGER} (Prometheus
 * Alertmanager's {@code POST /api/v2/alerts}: a list of one alert with labels and annotations; point the URL
 * at {@code http://alertmanager:9093/api/v2/alerts}).
 */
public enum WebhookFormat {
    SLACK {
        @Override
        Map<String, Object> document(BackfillAlert alert) {
            String icon = switch (alert.getSeverity()) {
                case CRITICAL -> ":rotating_light:";
                case WARNING -> ":warning:";
                case INFO -> ":information_source:";
            };
            StringBuilder text = new StringBuilder()
                    .append(icon)
                    .append(" *")
                    .append(alert.getSeverity())
                    .append(" ")
                    .append(alert.getType())
                    .append("* backfill `")
                    .append(alert.getBackfillId())
                    .append('`');
            if (alert.getPhaseId() != null) {
                text.append(" phase `").append(alert.getPhaseId()).append('`');
            }
            text.append(": ").append(alert.getMessage());
            if (alert.getDeadline() != null) {
                text.append("\ndeadline ").append(alert.getDeadline());
                if (alert.getProjectedFinish() != null) {
                    text.append(", projected finish ").append(alert.getProjectedFinish());
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", text.toString());
            return body;
        }
    },
    ALERTMANAGER {
        @Override
        Object document(BackfillAlert alert) {
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put("alertname", "Backfill" + camel(alert.getType().name()));
            labels.put("alert_type", alert.getType().name());
            labels.put("backfill", alert.getBackfillId());
            labels.put("severity", alert.getSeverity().name().toLowerCase(Locale.ROOT));
            labels.put("service", "backfill-coordinator");
            if (alert.getPhaseId() != null) {
                labels.put("phase", alert.getPhaseId());
            }
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put("summary", alert.getMessage());
            annotations.put("alert_id", alert.getEventId());
            if (alert.getDeadline() != null) {
                annotations.put("deadline", alert.getDeadline().toString());
            }
            if (alert.getProjectedFinish() != null) {
                annotations.put("projected_finish", alert.getProjectedFinish().toString());
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("labels", labels);
            one.put("annotations", annotations);
            one.put("startsAt", alert.getRaisedAt().toString());
            return List.of(one);
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    abstract Object document(BackfillAlert alert);

    /** The JSON body for this alert. */
    public String body(BackfillAlert alert) {
        try {
            return JSON.writeValueAsString(document(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert as JSON", e);
        }
    }

    /** {@code slack} or {@code alertmanager}, in any case. */
    public static WebhookFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "backfill.alerts.webhook.format must be slack or alertmanager, not '" + text + "'", e);
        }
    }

    private static String camel(String upperSnake) {
        StringBuilder out = new StringBuilder();
        for (String part : upperSnake.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
