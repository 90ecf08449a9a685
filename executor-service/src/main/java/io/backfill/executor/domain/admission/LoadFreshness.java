package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether the latest load sample may be trusted at a given instant. Missing or stale data
 * counts as high load (fail safe): a dead sampler must stop backfills, not unleash them.
 */
final class LoadFreshness {

    private LoadFreshness() {}

    /** Empty when {@code latest} is usable at {@code now}, else why it is not. */
    static Optional<PauseReason> problem(LoadSample latest, Instant now, Duration maxAge) {
        if (latest == null) {
            return Optional.of(PauseReason.NO_LOAD_SAMPLE);
        }
        if (isStale(latest, now, maxAge)) {
            return Optional.of(PauseReason.STALE_LOAD_SAMPLE);
        }
        return Optional.empty();
    }

    /**
     * Stale when older than {@code maxAge}. A sample stamped in the future (sampler clock ahead) is
     * taken as fresh: clock skew should not stop work, and age still catches a dead sampler once
     * the executor's clock passes the stamp.
     */
    static boolean isStale(LoadSample sample, Instant now, Duration maxAge) {
        return Duration.between(sample.sampledAt(), now).compareTo(maxAge) > 0;
    }
}
