package io.backfill.executor.messaging;

import java.time.Duration;
import java.util.Objects;

/**
 * How the executor's consumer of {@code backfill-phases} behaves in its group.
 *
 * @param maxPollInterval {@code max.poll.interval.ms}: phases run off the polling thread, so this only
 *     bounds how long one poll loop iteration (and a revocation hand-over) may take, never a phase
 * @param sessionTimeout {@code session.timeout.ms}: how soon a crashed instance's phases move on
 * @param autoOffsetReset where a brand-new group starts: {@code earliest} (default: no planned phase
 *     is missed) or {@code latest}
 * @param revocationGrace how long a revocation waits for running partitions of revoked phases to
 *     finish before letting the partition go (keep it below {@code maxPollInterval})
 */
public record ConsumerTuning(
        Duration maxPollInterval, Duration sessionTimeout, String autoOffsetReset, Duration revocationGrace) {

    public static final ConsumerTuning DEFAULTS =
            new ConsumerTuning(Duration.ofMinutes(5), Duration.ofSeconds(45), "earliest", Duration.ofSeconds(20));

    public ConsumerTuning {
        Objects.requireNonNull(maxPollInterval, "maxPollInterval");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(autoOffsetReset, "autoOffsetReset");
        Objects.requireNonNull(revocationGrace, "revocationGrace");
    }
}
