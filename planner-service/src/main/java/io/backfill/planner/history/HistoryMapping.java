package io.backfill.planner.history;

import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.CheckResult;
import io.backfill.events.GateDecision;
import io.backfill.events.PartitionOutcome;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.Requester;
import io.backfill.events.TableRef;
import io.backfill.events.topics.Topic;
import io.backfill.events.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one decoded record of a topic about backfills into the {@link HistoryEvent} it stands for, keyed by
 * its backfill id. One instance per feed: it remembers each backfill's last state on {@code backfill-status}
 * (written after every planner event) so only the changes of state become events.
 *
 * <table>
 *   <caption>Event types by topic</caption>
 *   <tr><td>backfill-requests</td><td>REQUESTED (who: the requester)</td></tr>
 *   <tr><td>backfill-commands</td><td>COMMAND (who: the requester; details.command PAUSE, RESUME, …)</td></tr>
 *   <tr><td>backfill-status</td><td>the new state on each change: REJECTED (problems), QUEUED, PLANNED (the
 *       plan), RUNNING, PAUSED, AWAITING_APPROVAL, COMPLETED, FAILED, CANCELLED, ROLLED_BACK; REPLANNED</td></tr>
 *   <tr><td>backfill-phases</td><td>RELEASED (a phase attempt and its partitions), INSTRUCTED (PUBLISH, DISCARD,
 *       ROLLBACK, ABORT, …)</td></tr>
 *   <tr><td>phase-progress</td><td>PHASE_STARTED, STAGED (one partition: executor, rows, compute seconds),
 *       PHASE_STAGED, PHASE_PAUSED, PHASE_RESUMED, PUBLISHED (checksums), DISCARDED, ROLLED_BACK (checksums),
 *       PHASE_FAILED</td></tr>
 *   <tr><td>gate-decisions</td><td>GATE_COMMIT, GATE_REJECT (every check's observed and expected)</td></tr>
 *   <tr><td>backfill-alerts</td><td>ALERT (details.alertType)</td></tr>
 * </table>
 */
public final class HistoryMapping {

    /** The topics a history is rebuilt from, in the order of the flow (their rank breaks timestamp ties). */
    public static final List<Topic<?>> TOPICS = List.of(
            Topics.BACKFILL_REQUESTS,
            Topics.BACKFILL_COMMANDS,
            Topics.BACKFILL_STATUS,
            Topics.BACKFILL_PHASES,
            Topics.PHASE_PROGRESS,
            Topics.GATE_DECISIONS,
            Topics.BACKFILL_ALERTS);

    /** Checksums and failed checks listed in one event's details at most. */
    static final int MAX_LISTED = 1000;

    /** An event and the backfill it is about. */
    public record Mapped(String backfillId, HistoryEvent event) {}

    private final Map<String, String> lastState = new HashMap<>();
    private final Map<String, Integer> lastReplans = new HashMap<>();

    public static int rank(String topic) {
        for (int i = 0; i < TOPICS.size(); i++) {
            if (TOPICS.get(i).name().equals(topic)) {
                return i;
            }
        }
        return TOPICS.size();
    }

    /** The event the record stands for; empty when it is not one (a status that changed no state). */
    public Optional<Mapped> map(String topic, Object value, Instant at) {
        return switch (value) {
            case BackfillRequested r -> Optional.of(requested(r, at));
            case BackfillCommand c -> Optional.of(command(c, at));
            case BackfillStatus s -> status(s, at);
            case PhaseInstruction i when i.getInstruction() instanceof PhasePlanned p -> Optional.of(released(p, at));
            case PhaseInstruction i when i.getInstruction() instanceof PhaseCommand c -> Optional.of(instructed(c, at));
            case PhaseProgress p -> Optional.of(progress(p, at));
            case GateDecision g -> Optional.of(gate(g, at));
            case BackfillAlert a -> Optional.of(alert(a, at));
            default -> Optional.empty();
        };
    }

    private static Mapped requested(BackfillRequested r, Instant at) {
        Requester who = r.getRequester();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventId", r.getEventId());
        d.put("warehouseId", r.getWarehouseId());
        d.put("target", table(r.getTarget()));
        d.put("partitionColumn", r.getPartitionColumn());
        d.put("grain", r.getRange().getGrain().name());
        d.put("start", r.getRange().getStart());
        d.put("end", r.getRange().getEnd());
        d.put("timeZone", r.getRange().getTimeZone());
        d.put("rolloutMode", r.getRolloutMode().name());
        d.put("priority", r.getPriority());
        putIfPresent(d, "deadline", r.getDeadline());
        d.put("source", who.getSource());
        putIfPresent(d, "reason", who.getReason());
        d.put("checks", r.getChecks().size());
        String summary = who.getUser() + " requested " + r.getRolloutMode() + " of " + table(r.getTarget()) + " "
                + r.getRange().getGrain() + " [" + r.getRange().getStart() + ", "
                + r.getRange().getEnd() + ")"
                + (who.getReason() == null ? "" : ": " + who.getReason());
        return new Mapped(
                r.getBackfillId(),
                new HistoryEvent(
                        at, Topics.BACKFILL_REQUESTS.name(), "REQUESTED", who.getUser(), null, null, summary, d));
    }

    private static Mapped command(BackfillCommand c, Instant at) {
        Requester who = c.getRequestedBy();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventId", c.getEventId());
        d.put("command", c.getType().name());
        d.put("source", who.getSource());
        putIfPresent(d, "reason", who.getReason());
        d.put("issuedAt", c.getIssuedAt().toString());
        String scope = c.getPhaseId() != null
                ? " of phase " + c.getPhaseId()
                : c.getPartition() != null ? " of partition " + c.getPartition() : "";
        String summary = who.getUser() + " sent " + c.getType() + scope
                + (who.getReason() == null ? "" : ": " + who.getReason());
        return new Mapped(
                c.getBackfillId(),
                new HistoryEvent(
                        at,
                        Topics.BACKFILL_COMMANDS.name(),
                        "COMMAND",
                        who.getUser(),
                        c.getPhaseId(),
                        c.getPartition(),
                        summary,
                        d));
    }

    private Optional<Mapped> status(BackfillStatus s, Instant at) {
        String id = s.getBackfillId();
        String state = s.getState().name();
        String before = lastState.put(id, state);
        Integer replansBefore = lastReplans.put(id, s.getReplans());
        if (state.equals(before)) {
            if (replansBefore != null && s.getReplans() > replansBefore) {
                Map<String, Object> d = plan(s);
                return Optional.of(new Mapped(
                        id,
                        new HistoryEvent(
                                at,
                                Topics.BACKFILL_STATUS.name(),
                                "REPLANNED",
                                null,
                                null,
                                null,
                                "re-split from observed costs (re-plan " + s.getReplans() + "): " + s.getPhaseCount()
                                        + " phases",
                                d)));
            }
            return Optional.empty();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", state);
        if (before != null) {
            d.put("previousState", before);
        }
        putIfPresent(d, "stateReason", s.getStateReason());
        String summary;
        switch (state) {
            case "REJECTED" -> {
                d.put("problems", List.copyOf(s.getProblems()));
                summary = "rejected: " + String.join("; ", s.getProblems());
            }
            case "QUEUED" -> {
                putIfPresent(d, "queuedBehind", s.getQueuedBehind());
                summary = "queued" + (s.getQueuedBehind() == null ? "" : " behind " + s.getQueuedBehind());
            }
            case "PLANNED" -> {
                d.putAll(plan(s));
                summary = "planned " + s.getPartitionsTotal() + " partitions in " + s.getPhaseCount() + " phases"
                        + (s.getEstimatedSeconds() == null
                                ? ""
                                : String.format(", estimated %.0f s of staging", s.getEstimatedSeconds()))
                        + (s.getProjectedFinish() == null ? "" : ", projected to finish at " + s.getProjectedFinish());
            }
            default -> {
                if (before == null && s.getPhaseCount() > 0) {
                    d.putAll(plan(s)); // first status seen already past PLANNED (e.g. a DRY_RUN's COMPLETED)
                }
                summary = state.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + (s.getStateReason() == null ? "" : ": " + s.getStateReason());
            }
        }
        return Optional.of(new Mapped(
                id, new HistoryEvent(at, Topics.BACKFILL_STATUS.name(), state, null, null, null, summary, d)));
    }

    private static Map<String, Object> plan(BackfillStatus s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("phaseCount", s.getPhaseCount());
        d.put("partitionsTotal", s.getPartitionsTotal());
        d.put("rolloutMode", s.getRolloutMode().name());
        putIfPresent(d, "estimatedSeconds", s.getEstimatedSeconds());
        putIfPresent(d, "projectedFinish", s.getProjectedFinish());
        putIfPresent(d, "deadline", s.getDeadline());
        putIfPresent(d, "computeBudgetSeconds", s.getComputeBudgetSeconds());
        d.put("replans", s.getReplans());
        return d;
    }

    private static Mapped released(PhasePlanned p, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventId", p.getEventId());
        d.put("sequence", p.getSequence());
        d.put("attempt", p.getAttempt());
        d.put("partitions", p.getPartitions().size());
        if (!p.getPartitions().isEmpty()) {
            d.put("firstPartition", p.getPartitions().getFirst());
            d.put("lastPartition", p.getPartitions().getLast());
        }
        putIfPresent(d, "estimatedSeconds", p.getEstimatedSeconds());
        d.put("rolloutMode", p.getRolloutMode().name());
        String range = p.getPartitions().isEmpty()
                ? ""
                : " (" + p.getPartitions().getFirst()
                        + (p.getPartitions().size() > 1
                                ? " .. " + p.getPartitions().getLast()
                                : "") + ")";
        String summary = "released phase " + p.getPhaseId() + " attempt " + p.getAttempt() + ": "
                + p.getPartitions().size() + " partitions" + range;
        return new Mapped(
                p.getBackfillId(),
                new HistoryEvent(
                        at, Topics.BACKFILL_PHASES.name(), "RELEASED", null, p.getPhaseId(), null, summary, d));
    }

    private static Mapped instructed(PhaseCommand c, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventId", c.getEventId());
        d.put("instruction", c.getType().name());
        d.put("attempt", c.getAttempt());
        d.put("partitions", c.getPartitions().size());
        putIfPresent(d, "decisionId", c.getDecisionId());
        putIfPresent(d, "reason", c.getReason());
        String partition = c.getPartitions().size() == 1 ? c.getPartitions().getFirst() : null;
        String summary = "instructed " + c.getType() + " of phase " + c.getPhaseId() + " attempt " + c.getAttempt()
                + " (" + c.getPartitions().size() + " partitions)"
                + (c.getReason() == null ? "" : ": " + c.getReason());
        return new Mapped(
                c.getBackfillId(),
                new HistoryEvent(
                        at, Topics.BACKFILL_PHASES.name(), "INSTRUCTED", null, c.getPhaseId(), partition, summary, d));
    }

    private static Mapped progress(PhaseProgress p, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventId", p.getEventId());
        d.put("executor", p.getExecutorId());
        d.put("attempt", p.getAttempt());
        String phase = "phase " + p.getPhaseId() + " attempt " + p.getAttempt();
        String type;
        String summary;
        switch (p.getType()) {
            case PARTITION_STAGED -> {
                type = "STAGED";
                putIfPresent(d, "rows", p.getRows());
                putIfPresent(d, "computeSeconds", p.getComputeSeconds());
                putIfPresent(d, "durationMillis", p.getDurationMillis());
                putIfPresent(d, "checksum", p.getChecksum());
                summary = "staged " + p.getPartition() + " on " + p.getExecutorId() + ": "
                        + (p.getRows() == null ? "?" : p.getRows()) + " rows, "
                        + (p.getComputeSeconds() == null ? "?" : String.format("%.3f", p.getComputeSeconds()))
                        + " compute seconds";
            }
            case PUBLISHED, ROLLED_BACK -> {
                type = p.getType().name();
                List<PartitionOutcome> outcomes = p.getPartitionOutcomes();
                long changed =
                        outcomes.stream().filter(PartitionOutcome::getChanged).count();
                d.put("partitions", outcomes.size());
                d.put("changed", changed);
                putIfPresent(d, "checksum", p.getChecksum());
                Map<String, Object> checksums = new LinkedHashMap<>();
                for (PartitionOutcome o : outcomes.subList(0, Math.min(outcomes.size(), MAX_LISTED))) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("rowsBefore", o.getRowsBefore());
                    one.put("rowsAfter", o.getRowsAfter());
                    one.put("checksumBefore", o.getChecksumBefore());
                    one.put("checksumAfter", o.getChecksumAfter());
                    one.put("changed", o.getChanged());
                    checksums.put(o.getPartition(), one);
                }
                d.put("checksums", checksums);
                String verb =
                        p.getType() == io.backfill.events.PhaseProgressType.PUBLISHED ? "published" : "rolled back";
                summary = verb + " " + phase + " on " + p.getExecutorId() + ": " + outcomes.size() + " partitions, "
                        + changed + " changed"
                        + (outcomes.size() == 1
                                ? ", checksum " + outcomes.getFirst().getChecksumAfter()
                                : "");
            }
            case FAILED -> {
                type = "PHASE_FAILED";
                putIfPresent(d, "reason", p.getReason());
                putIfPresent(d, "retriable", p.getRetriable());
                summary =
                        phase + " failed on " + p.getExecutorId() + (p.getReason() == null ? "" : ": " + p.getReason());
            }
            case DISCARDED -> {
                type = "DISCARDED";
                putIfPresent(d, "reason", p.getReason());
                summary = "discarded the staging of " + phase + (p.getReason() == null ? "" : ": " + p.getReason());
            }
            default -> {
                type = "PHASE_" + p.getType().name();
                d.put("partitionsDone", p.getPartitionsDone());
                d.put("partitionsTotal", p.getPartitionsTotal());
                putIfPresent(d, "reason", p.getReason());
                summary = phase + " " + p.getType().name().toLowerCase(java.util.Locale.ROOT) + " on "
                        + p.getExecutorId() + " (" + p.getPartitionsDone() + "/" + p.getPartitionsTotal()
                        + " partitions)" + (p.getReason() == null ? "" : ": " + p.getReason());
            }
        }
        return new Mapped(
                p.getBackfillId(),
                new HistoryEvent(
                        at, Topics.PHASE_PROGRESS.name(), type, null, p.getPhaseId(), p.getPartition(), summary, d));
    }

    private static Mapped gate(GateDecision g, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventId", g.getEventId());
        d.put("decisionId", g.getDecisionId());
        d.put("attempt", g.getAttempt());
        d.put("outcome", g.getOutcome().name());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult c : g.getChecks().subList(0, Math.min(g.getChecks().size(), MAX_LISTED))) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", c.getName());
            one.put("type", c.getType().name());
            one.put("status", c.getStatus().name());
            putIfPresent(one, "partition", c.getPartition());
            putIfPresent(one, "observed", c.getObserved());
            putIfPresent(one, "expected", c.getExpected());
            putIfPresent(one, "detail", c.getDetail());
            checks.add(one);
        }
        d.put("checks", checks);
        String summary = "gate " + g.getOutcome() + " for phase " + g.getPhaseId() + " attempt " + g.getAttempt() + ": "
                + g.getSummary();
        return new Mapped(
                g.getBackfillId(),
                new HistoryEvent(
                        at,
                        Topics.GATE_DECISIONS.name(),
                        "GATE_" + g.getOutcome().name(),
                        null,
                        g.getPhaseId(),
                        null,
                        summary,
                        d));
    }

    private static Mapped alert(BackfillAlert a, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("eventId", a.getEventId());
        d.put("alertType", a.getType().name());
        d.put("severity", a.getSeverity().name());
        d.put("message", a.getMessage());
        putIfPresent(d, "projectedFinish", a.getProjectedFinish());
        putIfPresent(d, "deadline", a.getDeadline());
        d.put("raisedAt", a.getRaisedAt().toString());
        String summary = a.getSeverity() + " " + a.getType() + ": " + a.getMessage();
        return new Mapped(
                a.getBackfillId(),
                new HistoryEvent(at, Topics.BACKFILL_ALERTS.name(), "ALERT", null, a.getPhaseId(), null, summary, d));
    }

    private static String table(TableRef t) {
        return t.getSchemaName() + "." + t.getTableName();
    }

    private static void putIfPresent(Map<String, Object> d, String key, Object value) {
        if (value != null) {
            d.put(key, value instanceof Instant i ? i.toString() : value);
        }
    }
}
