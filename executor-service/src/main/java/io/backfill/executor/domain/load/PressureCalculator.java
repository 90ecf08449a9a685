package io.backfill.executor.domain.load;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns raw load signals into one normalised pressure: each observed signal is divided by the
 * level {@link LoadCapacity} calls saturated, and the pressure is the <b>largest</b> component.
 *
 * <p><b>Why max, not mean:</b> one saturated resource is enough to hurt users. A warehouse with
 * every lock queue jammed but idle CPU is unusable; averaging that with five calm signals would
 * report it as "a bit busy" and the controller would keep adding work. The max also keeps the
 * pressure independent of how many signals a warehouse happens to expose.
 *
 * <p><b>Missing signals are ignored, not zero:</b> a signal the warehouse does not expose (no host
 * metrics on a managed service, no canary baseline yet) simply has no component. With no component
 * at all there is no pressure, and the sampler should publish nothing: the executors then see the
 * load feed go stale and stop admitting, which is the safe reading of "we cannot see the load".
 *
 * <p>Pure and stateless; the learned canary baseline arrives inside the signals (see
 * {@link CanaryBaseline}).
 */
public final class PressureCalculator {

    /**
     * The least baseline a canary slowdown is measured against. A sub-millisecond canary (the default
     * {@code SELECT 1}) varies by whole multiples with scheduling, GC and network jitter, so against its
     * own baseline any burst of activity read as a 50x slowdown; a few milliseconds are what users
     * notice at all.
     */
    static final Duration MIN_CANARY_BASELINE = Duration.ofMillis(5);

    private final LoadCapacity capacity;

    public PressureCalculator(LoadCapacity capacity) {
        this.capacity = Objects.requireNonNull(capacity, "capacity");
    }

    /** The pressure of these signals, or empty when none of them was observed. */
    public Optional<Pressure> calculate(RawLoadSignals signals) {
        Max max = new Max();
        signals.activeQueries()
                .ifPresent(n -> max.offer(LoadSignal.ACTIVE_QUERIES, (double) n / capacity.querySlots()));
        signals.waitingQueries()
                .ifPresent(
                        n -> max.offer(LoadSignal.WAITING_QUERIES, (double) n / capacity.waitingQueriesAtSaturation()));
        signals.lockWaits()
                .ifPresent(n -> max.offer(LoadSignal.LOCK_WAITS, (double) n / capacity.lockWaitsAtSaturation()));
        signals.hostCpuBusy().ifPresent(f -> max.offer(LoadSignal.HOST_CPU, f / capacity.cpuBusyAtSaturation()));
        signals.hostIoWait().ifPresent(f -> max.offer(LoadSignal.HOST_IO_WAIT, f / capacity.ioWaitAtSaturation()));
        canaryComponent(signals).ifPresent(c -> max.offer(LoadSignal.CANARY_LATENCY, c));
        return max.result();
    }

    /**
     * 0 at (or below) the baseline, 1 at {@code canarySlowdownAtSaturation} times the baseline,
     * linear in between and beyond, the baseline being at least {@link #MIN_CANARY_BASELINE}. Absent
     * when there is no latency or no baseline yet.
     */
    private Optional<Double> canaryComponent(RawLoadSignals signals) {
        if (signals.canaryLatency().isEmpty() || signals.canaryBaseline().isEmpty()) {
            return Optional.empty();
        }
        Duration learned = signals.canaryBaseline().get();
        Duration baseline = learned.compareTo(MIN_CANARY_BASELINE) < 0 ? MIN_CANARY_BASELINE : learned;
        double slowdown = (double) signals.canaryLatency().get().toNanos() / baseline.toNanos();
        return Optional.of(Math.max(0, (slowdown - 1) / (capacity.canarySlowdownAtSaturation() - 1)));
    }

    private static final class Max {
        private Pressure best;

        void offer(LoadSignal signal, double value) {
            if (best == null || value > best.value()) {
                best = new Pressure(value, signal);
            }
        }

        Optional<Pressure> result() {
            return Optional.ofNullable(best);
        }
    }
}
