package io.backfill.executor.app;

import io.backfill.executor.domain.admission.AdmissionExplanation;
import io.backfill.executor.domain.admission.OperatorControls;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /executor} shows: the instance, what admission allows now, and why ({@code throttle},
 * gh-ost style: the controller's state and reason, the admitted budget and every signal with its value and
 * threshold, the operators' manual throttles among them), with the manual throttles and settings overrides
 * in force.
 */
public record ExecutorStatus(
        String executorId,
        int admittedPermits,
        String pauseReason,
        List<String> runningPhases,
        List<String> ownedPartitions,
        Throttle throttle,
        List<ManualThrottle> manualThrottles,
        Overrides overrides) {

    /**
     * Why admission is where it is.
     *
     * @param state controller state word ({@code holding}, {@code paused}, {@code throttled}, ...)
     * @param reason the throttle reason in one sentence
     * @param budget work budget admitted now, statement-seconds per second
     * @param signals every signal read, with value and threshold (null when unknown or none)
     */
    public record Throttle(String state, String reason, double budget, List<Signal> signals) {
        static Throttle of(AdmissionExplanation e) {
            return new Throttle(
                    e.state(),
                    e.reason(),
                    e.budget(),
                    e.signals().stream().map(Signal::of).toList());
        }
    }

    /** One signal; NaN (unknown, no threshold) shows as null, which JSON can carry. */
    public record Signal(String name, Double value, Double threshold, String unit, boolean limiting) {
        static Signal of(AdmissionExplanation.Signal s) {
            return new Signal(s.name(), finite(s.value()), finite(s.threshold()), s.unit(), s.limiting());
        }
    }

    /** A manual throttle in force: backfillId null for the whole warehouse. */
    public record ManualThrottle(
            String backfillId, double factor, Instant expiresAt, String changedBy, String reason, String description) {
        static ManualThrottle of(OperatorControls.Throttle t) {
            return new ManualThrottle(
                    t.backfillId(), t.factor(), t.expiresAt(), t.changedBy(), t.reason(), t.describe());
        }
    }

    /** The operators' settings overrides (null: as configured), and who set them. */
    public record Overrides(
            Double targetLatencyRatio,
            Double peakTargetLatencyRatio,
            Double maxBudget,
            Double hardCeilingRatio,
            String changedBy) {
        static Overrides of(OperatorControls.Settings s) {
            return new Overrides(
                    s.targetLatencyRatio(),
                    s.peakTargetLatencyRatio(),
                    s.maxBudget(),
                    s.hardCeilingRatio(),
                    s.changedBy());
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
