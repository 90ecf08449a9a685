package io.backfill.executor.domain.admission;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link AdmissionController} allows right now.
 *
 * @param permits how many partitions may be running at once (running partitions above this number
 *     are not interrupted; no new one starts until the count is back below it)
 * @param minStartSpacing the least time between two partition starts (the rate limit)
 * @param pause present when consumption of new phases must pause; {@code permits} is then 0
 */
public record AdmissionDecision(int permits, Duration minStartSpacing, Optional<PauseReason> pause) {

    public AdmissionDecision {
        Objects.requireNonNull(minStartSpacing, "minStartSpacing");
        Objects.requireNonNull(pause, "pause");
        if (permits < 0) {
            throw new IllegalArgumentException("permits must not be negative: " + permits);
        }
        if (minStartSpacing.isNegative()) {
            throw new IllegalArgumentException("minStartSpacing must not be negative: " + minStartSpacing);
        }
        if (pause.isPresent() && permits != 0) {
            throw new IllegalArgumentException("a paused decision admits nothing, not " + permits);
        }
    }

    public static AdmissionDecision admit(int permits, Duration minStartSpacing) {
        return new AdmissionDecision(permits, minStartSpacing, Optional.empty());
    }

    public static AdmissionDecision paused(PauseReason reason) {
        return new AdmissionDecision(0, Duration.ZERO, Optional.of(reason));
    }

    /** True when the service should pause consumption of new phases. */
    public boolean pauseConsumption() {
        return pause.isPresent();
    }
}
