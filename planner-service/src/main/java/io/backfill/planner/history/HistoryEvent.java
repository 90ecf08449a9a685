package io.backfill.planner.history;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event about a backfill as {@code GET /backfills/{id}/history} lists it.
 *
 * @param at the Kafka record timestamp (when it was written)
 * @param topic the topic it was read from
 * @param type what happened: REQUESTED, REJECTED, QUEUED, PLANNED, RELEASED, STAGED, GATE_COMMIT,
 *     PUBLISHED, COMMAND, ALERT, … (see {@link HistoryMapping})
 * @param who the principal behind a request or command (its requester), null for services' events
 * @param phaseId the phase concerned, if any
 * @param partition the partition concerned, if any
 * @param summary one line for humans
 * @param details free-form key/values (strings, numbers, booleans, lists and maps of them)
 */
public record HistoryEvent(
        Instant at,
        String topic,
        String type,
        String who,
        String phaseId,
        String partition,
        String summary,
        Map<String, Object> details) {

    public HistoryEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(summary, "summary");
        details = details == null ? Map.of() : details;
    }
}
