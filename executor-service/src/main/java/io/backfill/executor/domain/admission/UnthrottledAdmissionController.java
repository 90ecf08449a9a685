package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import java.time.Duration;
import java.util.Objects;

/**
 * No throttling: as many partitions as the instance cap, with no spacing of its own; only the phase
 * budget (applied by {@link AdmissionController#decision(PhaseBudget)}) still limits it. For
 * benchmarks ("how much does pacing cost?") and for warehouses the user owns exclusively. Ignores
 * load samples, like {@link StaticAdmissionController}.
 */
public final class UnthrottledAdmissionController implements AdmissionController {

    private final AdmissionDecision decision;

    public UnthrottledAdmissionController(AdmissionConfig config) {
        Objects.requireNonNull(config, "config");
        this.decision = AdmissionDecision.admit(config.instanceCap(), Duration.ZERO);
    }

    @Override
    public void onLoadSample(LoadSample sample) {
        // Unthrottled by design.
    }

    @Override
    public AdmissionDecision decision() {
        return decision;
    }

    @Override
    public AdmissionStrategy strategy() {
        return AdmissionStrategy.NONE;
    }
}
