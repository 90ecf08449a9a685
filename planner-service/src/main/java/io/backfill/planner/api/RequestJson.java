package io.backfill.planner.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backfill.events.BackfillRequested;
import io.backfill.events.Budget;
import io.backfill.events.CheckSpec;
import io.backfill.events.CheckType;
import io.backfill.events.FailurePolicy;
import io.backfill.events.PartitionGrain;
import io.backfill.events.PartitionRange;
import io.backfill.events.Requester;
import io.backfill.events.RolloutMode;
import io.backfill.events.TableRef;
import io.backfill.events.TimeWindow;
import io.backfill.events.WindowPolicy;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads the JSON body of {@code POST /backfills} (the same fields as the Avro {@code BackfillRequested},
 * see the OpenAPI document) into the Avro record, naming <em>every</em> shape problem at once: JSON that
 * does not parse, a required field missing, a value of the wrong type or outside its enum. Rules about
 * meaning (range aligned, table exists, deadline in the future) are the planner's, reported as a
 * REJECTED status, so REST and Kafka producers get the same answers.
 *
 * <p>Required: {@code target.schemaName}, {@code target.tableName}, {@code partitionColumn},
 * {@code range.grain}, {@code range.start}, {@code range.end}, {@code transformationSql}.
 * {@code backfillId} defaults to {@code bf-<uuid>}, {@code warehouseId} to the planner's; everything else
 * to the Avro defaults. {@code requester.user} is always the authenticated caller: a user named in the body
 * is ignored (the audit trail records who signed in, not who a body says it is); {@code requester.reason}
 * is taken from the body.
 */
public final class RequestJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record, or the problems (never both). */
    public record Parsed(BackfillRequested request, List<String> problems) {}

    private final List<String> problems = new ArrayList<>();

    private RequestJson() {}

    /**
     * @param defaultWarehouseId the warehouse when the body names none: the planner's own
     * @param caller the authenticated principal, recorded as {@code requester.user}
     */
    public static Parsed parse(String body, String defaultWarehouseId, String caller) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Parsed(null, List.of("body: not valid JSON (" + e.getOriginalMessage() + ")"));
        }
        if (root == null || !root.isObject()) {
            return new Parsed(null, List.of("body: expected a JSON object"));
        }
        return new RequestJson().read(root, defaultWarehouseId, caller);
    }

    private Parsed read(JsonNode root, String defaultWarehouseId, String caller) {
        Instant now = Instant.now();
        String backfillId = text(root, "backfillId", false);
        JsonNode requesterNode = object(root, "requester", false);
        String reason = requesterNode == null ? null : text(requesterNode, "requester.reason", "reason", false);
        Requester requester = Requester.newBuilder()
                .setUser(caller)
                .setSource("REST")
                .setReason(reason)
                .build();
        JsonNode targetNode = object(root, "target", true);
        String schemaName = targetNode == null ? null : text(targetNode, "target.schemaName", "schemaName", true);
        String tableName = targetNode == null ? null : text(targetNode, "target.tableName", "tableName", true);
        String partitionColumn = text(root, "partitionColumn", true);
        JsonNode rangeNode = object(root, "range", true);
        PartitionRange range = null;
        if (rangeNode != null) {
            PartitionGrain grain = enumValue(rangeNode, "range.grain", "grain", PartitionGrain::valueOf, true);
            String start = text(rangeNode, "range.start", "start", true);
            String end = text(rangeNode, "range.end", "end", true);
            String zone = text(rangeNode, "range.timeZone", "timeZone", false);
            if (grain != null && start != null && end != null) {
                range = new PartitionRange(grain, start, end, zone == null ? "UTC" : zone);
            }
        }
        String sql = text(root, "transformationSql", true);
        Integer priority = integer(root, "priority", "priority");
        Instant deadline = null;
        String deadlineText = text(root, "deadline", false);
        if (deadlineText != null) {
            try {
                deadline = Instant.parse(deadlineText);
            } catch (DateTimeParseException e) {
                problems.add("deadline: '" + deadlineText + "' is not an ISO instant (2026-12-01T00:00:00Z)");
            }
        }
        Budget budget = budget(object(root, "budget", false), "budget");
        JsonNode phaseBudgetNode = object(root, "phaseBudget", false);
        Budget phaseBudget = phaseBudgetNode == null ? null : budget(phaseBudgetNode, "phaseBudget");
        Integer targetPhaseSeconds = integer(root, "targetPhaseSeconds", "targetPhaseSeconds");
        WindowPolicy windows = windows(object(root, "windows", false));
        List<CheckSpec> checks = checks(root.get("checks"));
        RolloutMode mode = enumValue(root, "rolloutMode", "rolloutMode", RolloutMode::valueOf, false);
        Boolean approval = bool(root, "requireApproval");
        JsonNode failureNode = object(root, "failurePolicy", false);
        FailurePolicy failure = FailurePolicy.newBuilder().build();
        if (failureNode != null) {
            Integer retries = integer(failureNode, "failurePolicy.maxRetries", "maxRetries");
            Integer backoff = integer(failureNode, "failurePolicy.retryBackoffSeconds", "retryBackoffSeconds");
            failure = FailurePolicy.newBuilder()
                    .setMaxRetries(retries == null ? 0 : retries)
                    .setRetryBackoffSeconds(backoff == null ? 60 : backoff)
                    .build();
        }
        List<String> dependsOn = strings(root.get("dependsOn"), "dependsOn");
        Map<String, String> labels = new HashMap<>();
        JsonNode labelsNode = object(root, "labels", false);
        if (labelsNode != null) {
            labelsNode
                    .properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        String warehouseId = text(root, "warehouseId", false);
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        BackfillRequested request = BackfillRequested.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(backfillId != null ? backfillId : "bf-" + UUID.randomUUID())
                .setRequestedAt(now)
                .setRequester(requester)
                .setWarehouseId(warehouseId == null ? defaultWarehouseId : warehouseId)
                .setTarget(new TableRef(schemaName, tableName))
                .setPartitionColumn(partitionColumn)
                .setRange(range)
                .setTransformationSql(sql)
                .setPriority(priority == null ? 50 : priority)
                .setDeadline(deadline)
                .setBudget(budget)
                .setPhaseBudget(phaseBudget)
                .setTargetPhaseSeconds(targetPhaseSeconds)
                .setWindows(windows)
                .setChecks(checks)
                .setRolloutMode(mode == null ? RolloutMode.PUBLISH : mode)
                .setRequireApproval(approval != null && approval)
                .setFailurePolicy(failure)
                .setDependsOn(dependsOn)
                .setLabels(labels)
                .build();
        return new Parsed(request, List.of());
    }

    private Budget budget(JsonNode node, String field) {
        Budget.Builder b = Budget.newBuilder();
        if (node == null) {
            return b.build();
        }
        b.setMaxConcurrentStatements(integer(node, field + ".maxConcurrentStatements", "maxConcurrentStatements"));
        b.setMaxPartitionsPerSecond(number(node, field + ".maxPartitionsPerSecond", "maxPartitionsPerSecond"));
        Double rows = number(node, field + ".maxRowsPerSecond", "maxRowsPerSecond");
        b.setMaxRowsPerSecond(rows == null ? null : rows.longValue());
        b.setMaxComputeSeconds(number(node, field + ".maxComputeSeconds", "maxComputeSeconds"));
        b.setMaxPhasesInFlight(integer(node, field + ".maxPhasesInFlight", "maxPhasesInFlight"));
        b.setStatementTimeoutSeconds(integer(node, field + ".statementTimeoutSeconds", "statementTimeoutSeconds"));
        return b.build();
    }

    private WindowPolicy windows(JsonNode node) {
        WindowPolicy.Builder b = WindowPolicy.newBuilder();
        if (node == null) {
            return b.build();
        }
        String zone = text(node, "windows.timeZone", "timeZone", false);
        if (zone != null) {
            b.setTimeZone(zone);
        }
        List<TimeWindow> allowed = new ArrayList<>();
        JsonNode list = node.get("allowed");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add("windows.allowed: expected an array");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    JsonNode w = list.get(i);
                    String f = "windows.allowed[" + i + "]";
                    String start = text(w, f + ".start", "start", true);
                    String end = text(w, f + ".end", "end", true);
                    List<String> days = strings(w.get("days"), f + ".days");
                    if (start != null && end != null) {
                        allowed.add(new TimeWindow(days, start, end));
                    }
                }
            }
        }
        b.setAllowed(allowed);
        b.setBlackoutDates(strings(node.get("blackoutDates"), "windows.blackoutDates"));
        return b.build();
    }

    private List<CheckSpec> checks(JsonNode node) {
        List<CheckSpec> checks = new ArrayList<>();
        if (node == null || node.isNull()) {
            return checks;
        }
        if (!node.isArray()) {
            problems.add("checks: expected an array");
            return checks;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String f = "checks[" + i + "]";
            String name = text(c, f + ".name", "name", true);
            CheckType type = enumValue(c, f + ".type", "type", CheckType::valueOf, true);
            JsonNode ref = c.get("referenceTable");
            TableRef referenceTable = null;
            if (ref != null && !ref.isNull()) {
                referenceTable = new TableRef(
                        text(ref, f + ".referenceTable.schemaName", "schemaName", true),
                        text(ref, f + ".referenceTable.tableName", "tableName", true));
            }
            Boolean blocking = bool(c, "blocking");
            if (name != null && type != null) {
                checks.add(CheckSpec.newBuilder()
                        .setName(name)
                        .setType(type)
                        .setColumns(strings(c.get("columns"), f + ".columns"))
                        .setTolerance(number(c, f + ".tolerance", "tolerance"))
                        .setThreshold(number(c, f + ".threshold", "threshold"))
                        .setReferenceTable(referenceTable)
                        .setReferenceColumn(text(c, f + ".referenceColumn", "referenceColumn", false))
                        .setSql(text(c, f + ".sql", "sql", false))
                        .setBlocking(blocking == null || blocking)
                        .build());
            }
        }
        return checks;
    }

    // ---- typed readers that record problems -------------------------------------------------------

    private String text(JsonNode node, String name, boolean required) {
        return text(node, name, name, required);
    }

    private String text(JsonNode node, String field, String name, boolean required) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(field + ": missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + ": expected a string");
            return null;
        }
        if (required && value.asText().isBlank()) {
            problems.add(field + ": must not be blank");
            return null;
        }
        return value.asText();
    }

    private JsonNode object(JsonNode node, String name, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(name + ": missing");
            }
            return null;
        }
        if (!value.isObject()) {
            problems.add(name + ": expected an object");
            return null;
        }
        return value;
    }

    private Integer integer(JsonNode node, String field, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.add(field + ": expected an integer");
            return null;
        }
        return value.intValue();
    }

    private Double number(JsonNode node, String field, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            problems.add(field + ": expected a number");
            return null;
        }
        return value.doubleValue();
    }

    private Boolean bool(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            problems.add(name + ": expected true or false");
            return null;
        }
        return value.booleanValue();
    }

    private List<String> strings(JsonNode value, String field) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            problems.add(field + ": expected an array of strings");
            return out;
        }
        value.forEach(v -> {
            if (v.isTextual()) {
                out.add(v.asText());
            } else {
                problems.add(field + ": expected an array of strings");
            }
        });
        return out;
    }

    private <E extends Enum<E>> E enumValue(
            JsonNode node, String field, String name, Function<String, E> parse, boolean required) {
        String text = text(node, field, name, required);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(field + ": unknown value '" + text + "'");
            return null;
        }
    }
}
