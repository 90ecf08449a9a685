package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import java.util.Objects;

/**
 * A fixed work budget, like an Airflow pool but fractional: always {@code staticBudget}
 * statement-seconds per second ({@link AdmissionDecision#budgeted}, at most {@code instanceCap}
 * statements at once), whatever the load. There is no start spacing: the {@link WorkBudget} in the
 * {@link PartitionPacer} does the pacing. With a whole budget N it behaves as a pool of N (the
 * credit never falls, so a slot is refilled the moment it frees); with 0.5 it runs one statement
 * about half of the time, each start waiting until the previous statement's cost is repaid.
 *
 * <p>It ignores load samples entirely, including their absence, because its purpose is to run where
 * there is no load feed (an embedded DuckDB, a warehouse the user does not want probed) or as the
 * baseline that benchmarks compare {@code adaptive} against. Choosing it is choosing not to be
 * load-aware.
 */
public final class StaticAdmissionController implements AdmissionController {

    private final AdmissionDecision decision;

    public StaticAdmissionController(AdmissionConfig config) {
        Objects.requireNonNull(config, "config");
        this.decision = AdmissionDecision.budgeted(config.staticBudget(), config.instanceCap());
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
