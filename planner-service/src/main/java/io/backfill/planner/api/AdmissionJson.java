package io.backfill.planner.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.AdmissionControlKind;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The bodies of the operator-control endpoints and what they show: parses and checks
 * {@code PUT /warehouse/admission} (settings overrides) and {@code POST .../throttle} ({@code factor},
 * {@code ttl}, {@code reason}) into one {@code AdmissionControlChanged} each, every problem naming its field;
 * and renders the book for {@code GET /warehouse/admission}. The caller fills in who and when.
 */
final class AdmissionJson {

    /** The longest a manual throttle may last: an operator renews a throttle rather than forgetting one. */
    static final Duration MAX_TTL = Duration.ofHours(24);

    /** The largest latency ratio a target or the ceiling may be: above it the warehouse is unusable anyway. */
    static final double MAX_RATIO = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SETTINGS_FIELDS =
            Set.of("targetLatencyRatio", "peakTargetLatencyRatio", "maxBudget", "hardCeilingRatio", "reason");
    private static final Set<String> THROTTLE_FIELDS = Set.of("factor", "ttl", "reason");

    private AdmissionJson() {}

    /** A parsed body: the change (null when there are problems) and every problem found. */
    record Parsed(AdmissionControlChanged change, List<String> problems) {}

    /** What {@code GET /warehouse/admission} answers. */
    record View(String warehouseId, Settings settings, List<Throttle> throttles) {}

    /** The settings overrides in force (null: the executors' configured value). */
    record Settings(
            Double targetLatencyRatio,
            Double peakTargetLatencyRatio,
            Double maxBudget,
            Double hardCeilingRatio,
            String changedBy,
            String reason,
            Instant changedAt) {
        static Settings of(AdmissionControlChanged c) {
            return new Settings(
                    c.getTargetLatencyRatio(),
                    c.getPeakTargetLatencyRatio(),
                    c.getMaxBudget(),
                    c.getHardCeilingRatio(),
                    c.getChangedBy(),
                    c.getReason(),
                    c.getChangedAt());
        }
    }

    /** One throttle in force: backfillId null for the whole warehouse. */
    record Throttle(
            String backfillId, double factor, Instant expiresAt, String changedBy, String reason, Instant changedAt) {
        static Throttle of(AdmissionControlChanged c) {
            return new Throttle(
                    c.getBackfillId(),
                    c.getFactor(),
                    c.getExpiresAt(),
                    c.getChangedBy(),
                    c.getReason(),
                    c.getChangedAt());
        }
    }

    static Parsed settings(String body, String warehouseId, String principal, Instant now) {
        List<String> problems = new ArrayList<>();
        JsonNode root = object(body, SETTINGS_FIELDS, problems);
        if (root == null) {
            return new Parsed(null, problems);
        }
        Double target = ratio(root, "targetLatencyRatio", problems);
        Double peak = ratio(root, "peakTargetLatencyRatio", problems);
        Double ceiling = ratio(root, "hardCeilingRatio", problems);
        Double maxBudget = number(root, "maxBudget", problems);
        if (maxBudget != null && !(maxBudget > 0 && Double.isFinite(maxBudget))) {
            problems.add("maxBudget: must be a finite number > 0 (statement-seconds per second), not " + maxBudget);
        }
        if (ceiling != null && target != null && !(ceiling > target)) {
            problems.add("hardCeilingRatio: must be above targetLatencyRatio " + target + ", not " + ceiling);
        }
        if (ceiling != null && peak != null && !(ceiling > peak)) {
            problems.add("hardCeilingRatio: must be above peakTargetLatencyRatio " + peak + ", not " + ceiling);
        }
        String reason = text(root, "reason", problems);
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(
                base(AdmissionControlKind.SETTINGS, warehouseId, null, principal, reason, now)
                        .setTargetLatencyRatio(target)
                        .setPeakTargetLatencyRatio(peak)
                        .setMaxBudget(maxBudget)
                        .setHardCeilingRatio(ceiling)
                        .build(),
                List.of());
    }

    static Parsed throttle(String body, String warehouseId, String backfillId, String principal, Instant now) {
        List<String> problems = new ArrayList<>();
        JsonNode root = object(body, THROTTLE_FIELDS, problems);
        if (root == null) {
            return new Parsed(null, problems);
        }
        Double factor = number(root, "factor", problems);
        if (root.get("factor") == null || root.get("factor").isNull()) {
            problems.add("factor: required, in [0, 1) (0 starts no new work, 0.5 halves the budget)");
        } else if (factor != null && !(factor >= 0 && factor < 1)) {
            problems.add("factor: must be in [0, 1) (0 starts no new work, 0.5 halves the budget), not " + factor);
        }
        Duration ttl = ttl(root, problems);
        String reason = text(root, "reason", problems);
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(
                base(AdmissionControlKind.THROTTLE, warehouseId, backfillId, principal, reason, now)
                        .setFactor(factor)
                        .setExpiresAt(now.plus(ttl))
                        .build(),
                List.of());
    }

    static AdmissionControlChanged unthrottle(String warehouseId, String backfillId, String principal, Instant now) {
        return base(AdmissionControlKind.UNTHROTTLE, warehouseId, backfillId, principal, null, now)
                .build();
    }

    /** ISO-8601 ({@code PT10M}) or a number of seconds; required, positive, at most {@link #MAX_TTL}. */
    static Duration ttl(JsonNode root, List<String> problems) {
        JsonNode node = root.get("ttl");
        if (node == null || node.isNull()) {
            problems.add("ttl: required (a throttle always has a time-to-live), ISO-8601 like PT10M or seconds");
            return null;
        }
        Duration ttl;
        if (node.isNumber()) {
            ttl = Duration.ofMillis(Math.round(node.asDouble() * 1000));
        } else if (node.isTextual() && node.asText().strip().matches("\\d+(\\.\\d+)?")) {
            ttl = Duration.ofMillis(Math.round(Double.parseDouble(node.asText().strip()) * 1000));
        } else if (node.isTextual()) {
            try {
                ttl = Duration.parse(node.asText().strip());
            } catch (DateTimeParseException e) {
                problems.add("ttl: not an ISO-8601 duration (like PT10M) or seconds: " + node.asText());
                return null;
            }
        } else {
            problems.add("ttl: must be an ISO-8601 duration (like PT10M) or seconds, not " + node);
            return null;
        }
        if (ttl.isNegative() || ttl.isZero()) {
            problems.add("ttl: must be positive, not " + ttl);
            return null;
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            problems.add("ttl: at most " + MAX_TTL + " (renew a throttle rather than leave one on), not " + ttl);
            return null;
        }
        return ttl;
    }

    private static AdmissionControlChanged.Builder base(
            AdmissionControlKind kind,
            String warehouseId,
            String backfillId,
            String principal,
            String reason,
            Instant now) {
        return AdmissionControlChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setWarehouseId(warehouseId)
                .setBackfillId(backfillId)
                .setKind(kind)
                .setChangedBy(principal)
                .setReason(reason)
                .setChangedAt(now);
    }

    private static JsonNode object(String body, Set<String> fields, List<String> problems) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            problems.add("body: not JSON: " + e.getOriginalMessage());
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add("body: a JSON object is required");
            return null;
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                problems.add(name + ": unknown field (known: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        });
        return root;
    }

    private static Double ratio(JsonNode root, String field, List<String> problems) {
        Double value = number(root, field, problems);
        if (value != null && !(value > 1 && value <= MAX_RATIO)) {
            problems.add(field + ": a latency ratio in (1, " + (int) MAX_RATIO + "], not " + value);
        }
        return value;
    }

    private static Double number(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            problems.add(field + ": must be a number, not " + node);
            return null;
        }
        return node.asDouble();
    }

    private static String text(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field + ": must be text, not " + node);
            return null;
        }
        return node.asText().isBlank() ? null : node.asText();
    }
}
