package io.backfill.planner.api;

import java.util.List;
import java.util.Map;

/**
 * The shape of {@code POST /backfills} for the OpenAPI document only; {@link RequestJson} reads the body.
 * Mirrors the Avro {@code BackfillRequested}.
 */
public record RequestDocument(
        String backfillId,
        Map<String, String> requester,
        String warehouseId,
        Map<String, String> target,
        String partitionColumn,
        Map<String, String> range,
        String transformationSql,
        Integer priority,
        String deadline,
        Map<String, Number> budget,
        Map<String, Number> phaseBudget,
        Integer targetPhaseSeconds,
        Map<String, Object> windows,
        List<Map<String, Object>> checks,
        String rolloutMode,
        Boolean requireApproval,
        Map<String, Integer> failurePolicy,
        List<String> dependsOn,
        Map<String, String> labels) {}
