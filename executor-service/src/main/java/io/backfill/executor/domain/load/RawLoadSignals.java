package io.backfill.executor.domain.load;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The raw signals a load sampler could read from one warehouse at one moment. Every signal is
 * optional because warehouses expose different things (a managed warehouse shows no host CPU; a
 * user's own feed may only send a pressure): an absent signal means "not observed", never zero, so
 * {@link PressureCalculator} leaves it out instead of reading it as an idle resource.
 *
 * @param activeQueries queries running now, excluding the sampler's own connection
 * @param waitingQueries queries queued or waiting for a slot
 * @param lockWaits sessions blocked on a lock
 * @param hostCpuBusy fraction of host CPU busy, 0..1
 * @param hostIoWait fraction of host CPU time spent waiting on IO, 0..1
 * @param canaryLatency how long the canary query took this time
 * @param canaryBaseline what the canary normally takes (see {@link CanaryBaseline})
 */
public record RawLoadSignals(
        OptionalLong activeQueries,
        OptionalLong waitingQueries,
        OptionalLong lockWaits,
        OptionalDouble hostCpuBusy,
        OptionalDouble hostIoWait,
        Optional<Duration> canaryLatency,
        Optional<Duration> canaryBaseline) {

    private static final RawLoadSignals NONE = new RawLoadSignals(
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            Optional.empty(),
            Optional.empty());

    public RawLoadSignals {
        Objects.requireNonNull(activeQueries, "activeQueries");
        Objects.requireNonNull(waitingQueries, "waitingQueries");
        Objects.requireNonNull(lockWaits, "lockWaits");
        Objects.requireNonNull(hostCpuBusy, "hostCpuBusy");
        Objects.requireNonNull(hostIoWait, "hostIoWait");
        Objects.requireNonNull(canaryLatency, "canaryLatency");
        Objects.requireNonNull(canaryBaseline, "canaryBaseline");
        requireNonNegative(activeQueries, "activeQueries");
        requireNonNegative(waitingQueries, "waitingQueries");
        requireNonNegative(lockWaits, "lockWaits");
        requireFraction(hostCpuBusy, "hostCpuBusy");
        requireFraction(hostIoWait, "hostIoWait");
        canaryLatency.ifPresent(d -> requireNonNegative(d, "canaryLatency"));
        canaryBaseline.ifPresent(d -> requireNonNegative(d, "canaryBaseline"));
    }

    /** No signal observed at all. */
    public static RawLoadSignals none() {
        return NONE;
    }

    public RawLoadSignals withQueries(long active, long waiting) {
        return new RawLoadSignals(
                OptionalLong.of(active),
                OptionalLong.of(waiting),
                lockWaits,
                hostCpuBusy,
                hostIoWait,
                canaryLatency,
                canaryBaseline);
    }

    public RawLoadSignals withLockWaits(long waits) {
        return new RawLoadSignals(
                activeQueries,
                waitingQueries,
                OptionalLong.of(waits),
                hostCpuBusy,
                hostIoWait,
                canaryLatency,
                canaryBaseline);
    }

    public RawLoadSignals withHost(double cpuBusy, double ioWait) {
        return new RawLoadSignals(
                activeQueries,
                waitingQueries,
                lockWaits,
                OptionalDouble.of(cpuBusy),
                OptionalDouble.of(ioWait),
                canaryLatency,
                canaryBaseline);
    }

    /** Adds the canary timing; the baseline may be empty while it is still being learned. */
    public RawLoadSignals withCanary(Duration latency, Optional<Duration> baseline) {
        return new RawLoadSignals(
                activeQueries,
                waitingQueries,
                lockWaits,
                hostCpuBusy,
                hostIoWait,
                Optional.of(latency),
                Objects.requireNonNull(baseline, "baseline"));
    }

    private static void requireNonNegative(OptionalLong value, String name) {
        if (value.isPresent() && value.getAsLong() < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value.getAsLong());
        }
    }

    private static void requireFraction(OptionalDouble value, String name) {
        if (value.isPresent() && !(value.getAsDouble() >= 0 && value.getAsDouble() <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction in [0, 1]: " + value.getAsDouble());
        }
    }

    private static void requireNonNegative(Duration value, String name) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
