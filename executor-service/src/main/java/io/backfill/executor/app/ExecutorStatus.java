package io.backfill.executor.app;

import java.util.List;

/** What {@code GET /executor} shows. */
public record ExecutorStatus(
        String executorId,
        int admittedPermits,
        String pauseReason,
        List<String> runningPhases,
        List<String> ownedPartitions) {}
