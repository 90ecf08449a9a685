package io.backfill.benchmark;

import io.backfill.executor.domain.admission.AdmissionStrategy;
import java.util.Optional;

/**
 * One run on the shared data: a baseline (no backfill) or a backfill under one admission strategy,
 * with or without a foreground spike in the middle.
 *
 * @param strategy empty for the baseline
 * @param staticConcurrency the pool size when the strategy is {@code static}
 */
record Scenario(String name, Optional<AdmissionStrategy> strategy, int staticConcurrency, boolean spike) {

    boolean baseline() {
        return strategy.isEmpty();
    }

    /** The series label in table and plot: {@code baseline}, {@code none}, {@code static 1}, {@code adaptive}. */
    String strategyLabel() {
        return strategy.map(s -> s == AdmissionStrategy.STATIC ? "static " + staticConcurrency : s.configName())
                .orElse("baseline");
    }
}
