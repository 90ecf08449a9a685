package io.backfill.executor.domain.admission;

import java.util.List;
import java.util.Objects;

/**
 * Why admission is where it is, gh-ost style: the state in words and every signal the decision looked
 * at with its value and threshold, so an operator can see at a glance which one holds the backfill
 * back. Shown by {@code GET /executor} and carried (as {@link #reason()}) into the backfill's status.
 *
 * @param state a short word for the controller's state: {@code probing}, {@code holding},
 *     {@code increasing}, {@code decreasing}, {@code paused}, {@code static}, {@code unthrottled}
 * @param reason one human sentence naming what limits admission now (the throttle reason)
 * @param budget the work budget admitted now, statement-seconds per second (0 while paused)
 * @param signals every signal with its value and threshold, in the order they were checked
 */
public record AdmissionExplanation(String state, String reason, double budget, List<Signal> signals) {

    public AdmissionExplanation {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        signals = List.copyOf(signals);
    }

    /**
     * One signal as the controller read it.
     *
     * @param name e.g. {@code latencyRatio}, {@code sampleAge}, {@code pressure}, {@code manualThrottle}
     * @param value the value read (NaN when unknown)
     * @param threshold the value at which it limits admission (NaN when it has none)
     * @param unit {@code x}, {@code s}, {@code statement-s/s} or empty
     * @param limiting true when this signal is what holds admission back now
     */
    public record Signal(String name, double value, double threshold, String unit, boolean limiting) {
        public Signal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /** An explanation derived from a bare decision, for controllers that have nothing more to say. */
    public static AdmissionExplanation of(AdmissionStrategy strategy, AdmissionDecision decision) {
        String state = decision.pauseConsumption() ? "paused" : strategy.configName();
        String reason = decision.pause()
                .map(p ->
                        "paused: " + p.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .orElse(strategy.configName() + " budget " + decision.admittedBudget());
        return new AdmissionExplanation(state, reason, decision.admittedBudget(), List.of());
    }
}
