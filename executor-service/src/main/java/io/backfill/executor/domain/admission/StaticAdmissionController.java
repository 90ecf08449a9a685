package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import java.util.Objects;

/**
 * Fixed concurrency, like an Airflow pool: always {@code staticConcurrency} permits (capped by the
 * instance cap) at {@code minStartSpacing}, whatever the load. It ignores load samples entirely,
 * including their absence, because its purpose is to run where there is no load feed (an embedded
 * DuckDB, a warehouse the user does not want probed) or as the baseline that benchmarks compare
 * {@code adaptive} against. Choosing it is choosing not to be load-aware.
 */
public final class StaticAdmissionController implements AdmissionController {

    private final AdmissionDecision decision;

    public StaticAdmissionController(AdmissionConfig config) {
        Objects.requireNonNull(config, "config");
        this.decision = AdmissionDecision.admit(
                Math.min(config.staticConcurrency(), config.instanceCap()), config.minStartSpacing());
    }

    @Override
    public void onLoadSample(LoadSample sample) {
        // Load-blind by design.
    }

    @Override
    public AdmissionDecision decision() {
        return decision;
    }

    @Override
    public AdmissionStrategy strategy() {
        return AdmissionStrategy.STATIC;
    }
}
