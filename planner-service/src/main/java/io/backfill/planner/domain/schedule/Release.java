package io.backfill.planner.domain.schedule;

/** The scheduler's decision to release one phase now; apply it with {@code BackfillRun.release}. */
public record Release(String backfillId, String phaseId) {}
