package io.backfill.executor.domain.admission;

/**
 * Tuning of {@link AdaptiveAdmissionController}.
 *
 * @param initialLimit concurrency before the first fresh sample has been acted on (default 1)
 * @param additiveIncrease concurrency added per fresh sample at or below the target (default 1)
 * @param decreaseFactor multiplier applied per fresh sample above the target (default 0.7; gentler
 *     than TCP's 0.5 because warehouse pressure is smoothed over seconds, not a single lost packet)
 */
public record AimdSettings(double initialLimit, double additiveIncrease, double decreaseFactor) {

    public static final AimdSettings DEFAULTS = new AimdSettings(1, 1, 0.7);

    public AimdSettings {
        if (!(initialLimit >= 0) || Double.isInfinite(initialLimit)) {
            throw new IllegalArgumentException("initialLimit must be a finite number >= 0: " + initialLimit);
        }
        if (!(additiveIncrease > 0) || Double.isInfinite(additiveIncrease)) {
            throw new IllegalArgumentException("additiveIncrease must be a finite number > 0: " + additiveIncrease);
        }
        if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
            throw new IllegalArgumentException("decreaseFactor must be in (0, 1): " + decreaseFactor);
        }
    }
}
