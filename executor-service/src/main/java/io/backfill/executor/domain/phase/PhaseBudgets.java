package io.backfill.executor.domain.phase;

import io.backfill.executor.domain.admission.PhaseBudget;

/**
 * Turns a phase's optional budget fields into the {@link PhaseBudget} the pacer enforces. An unset
 * (or non-positive) field means "no phase limit": the planner fills unset fields with the global
 * defaults before releasing a phase, and the instance cap still bounds everything.
 */
public final class PhaseBudgets {

    private PhaseBudgets() {}

    public static PhaseBudget of(Integer maxConcurrentStatements, Double maxPartitionsPerSecond) {
        return of(maxConcurrentStatements, maxPartitionsPerSecond, null);
    }

    public static PhaseBudget of(
            Integer maxConcurrentStatements, Double maxPartitionsPerSecond, Long maxRowsPerSecond) {
        int concurrent = maxConcurrentStatements == null || maxConcurrentStatements <= 0
                ? PhaseBudget.UNLIMITED.maxConcurrentStatements()
                : maxConcurrentStatements;
        double rate = maxPartitionsPerSecond == null || !(maxPartitionsPerSecond > 0)
                ? PhaseBudget.UNLIMITED.maxPartitionsPerSecond()
                : maxPartitionsPerSecond;
        double rows = maxRowsPerSecond == null || maxRowsPerSecond <= 0
                ? PhaseBudget.UNLIMITED.maxRowsPerSecond()
                : maxRowsPerSecond.doubleValue();
        return new PhaseBudget(concurrent, rate, rows);
    }
}
