package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies the operators' warehouse-wide controls ({@link OperatorControls}) on top of any controller, the
 * way {@link CommandPausableController} adds a drain switch:
 *
 * <ul>
 *   <li>a warehouse throttle with factor 0: "admit nothing, pause consumption" with
 *       {@link PauseReason#MANUAL_THROTTLE} (running partitions finish);
 *   <li>a factor in (0, 1): a budget-paced decision's work budget times the factor; a permit decision's
 *       permits times the factor, rounded down but at least 1 (only factor 0 stops new work: a throttle of
 *       0.1 on a cap of 3 must still let work through, or it would be a stop in disguise);
 *   <li>a {@code maxBudget} settings override: a budget-paced decision's work budget at most that.
 * </ul>
 *
 * <p>The delegate's own pause (drain, stale load, hard ceiling) always wins. Every decision is taken at the
 * controls' clock's instant, so a throttle that expires stops applying at once; the pacer's periodic
 * re-check (and {@link PartitionPacer#decisionChanged()} on every change) wakes waiting workers. Samples
 * keep flowing to the delegate, so it resumes from current load. Per-backfill throttles are applied where a
 * backfill's partitions start (the phase runner), not here: this decision is instance-wide.
 */
public final class OperatorThrottledController implements AdmissionController {

    private final AdmissionController delegate;
    private final OperatorControls controls;

    public OperatorThrottledController(AdmissionController delegate, OperatorControls controls) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.controls = Objects.requireNonNull(controls, "controls");
    }

    @Override
    public void onLoadSample(LoadSample sample) {
        delegate.onLoadSample(sample);
    }

    @Override
    public AdmissionDecision decision() {
        return apply(
                delegate.decision(),
                controls.warehouseFactor(),
                controls.settings().maxBudget());
    }

    /** The decision under a warehouse throttle factor (1: none) and a maxBudget override (null: none). */
    static AdmissionDecision apply(AdmissionDecision decision, double factor, Double maxBudget) {
        if (decision.pauseConsumption()) {
            return decision;
        }
        if (factor <= 0) {
            return AdmissionDecision.paused(PauseReason.MANUAL_THROTTLE);
        }
        if (decision.budgetPaced()) {
            double budget = decision.workBudget() * Math.min(1, factor);
            if (maxBudget != null && maxBudget > 0 && maxBudget < budget) {
                budget = maxBudget;
            }
            if (budget == decision.workBudget()) {
                return decision;
            }
            int permits = (int) Math.max(1, Math.min(decision.permits(), Math.ceil(budget)));
            return new AdmissionDecision(permits, decision.minStartSpacing(), Optional.empty(), budget);
        }
        if (factor >= 1) {
            return decision;
        }
        int permits = Math.max(1, (int) Math.floor(decision.permits() * factor));
        return new AdmissionDecision(
                Math.min(permits, decision.permits()),
                decision.minStartSpacing(),
                Optional.empty(),
                decision.workBudget());
    }

    /**
     * The delegate's explanation with the manual throttles in force added as signals; while the warehouse
     * throttle is what limits admission (the delegate itself is not paused), its description is the reason.
     */
    @Override
    public AdmissionExplanation explain() {
        AdmissionExplanation inner = delegate.explain();
        List<AdmissionExplanation.Signal> manual = controls.signals();
        if (manual.isEmpty()) {
            return inner;
        }
        List<AdmissionExplanation.Signal> signals = new ArrayList<>(inner.signals());
        signals.addAll(manual);
        AdmissionDecision own = delegate.decision();
        Optional<OperatorControls.Throttle> warehouse = controls.warehouseThrottle();
        if (own.pauseConsumption() || warehouse.isEmpty()) {
            return new AdmissionExplanation(inner.state(), inner.reason(), inner.budget(), signals);
        }
        AdmissionDecision throttled = decision();
        return new AdmissionExplanation(
                throttled.pauseConsumption() ? "paused" : "throttled",
                warehouse.get().describe(),
                throttled.admittedBudget(),
                signals);
    }

    @Override
    public AdmissionStrategy strategy() {
        return delegate.strategy();
    }
}
