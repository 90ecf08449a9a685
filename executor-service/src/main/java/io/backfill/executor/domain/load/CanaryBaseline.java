package io.backfill.executor.domain.load;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;

/**
 * Learns what the canary query normally costs on a quiet-enough warehouse, so that "the canary is
 * 3x slower than usual" can become a pressure component.
 *
 * <p><b>How:</b> the baseline is a low percentile (default the 10th) of the last {@code window}
 * latencies (default 720, one hour at a 5 s sampling cadence). It is trusted only after
 * {@code minSamples} observations; until then {@link #current()} is empty and the canary component
 * is left out of the pressure rather than guessed.
 *
 * <p><b>Why a low percentile, not a mean or a fast EWMA:</b> the baseline must not chase spikes or
 * sustained load, or pressure would fall while users suffer. A 10th percentile only rises once 90%
 * of the window is slower, i.e. after the warehouse has been slow for most of an hour, and a
 * single spike of any size cannot move it. A mean or a fast EWMA would be dragged up by every
 * spike, and worse, by the backfill's own load, which would make the controller admit more work
 * precisely because it is already hurting. The window still lets the baseline follow slow,
 * genuine drift (a bigger canary table, a new host).
 *
 * <p>Call {@link #current()} <i>before</i> {@link #observe(Duration)} for a new latency, so a
 * sample is never compared with a baseline it contributed to. Not thread-safe: one sampler owns it.
 */
public final class CanaryBaseline {

    public static final int DEFAULT_WINDOW = 720;
    public static final double DEFAULT_PERCENTILE = 0.10;
    public static final int DEFAULT_MIN_SAMPLES = 12;

    private final int window;
    private final double percentile;
    private final int minSamples;
    private final Deque<Long> latenciesNanos = new ArrayDeque<>();

    public CanaryBaseline() {
        this(DEFAULT_WINDOW, DEFAULT_PERCENTILE, DEFAULT_MIN_SAMPLES);
    }

    public CanaryBaseline(int window, double percentile, int minSamples) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (!(percentile >= 0 && percentile <= 1)) {
            throw new IllegalArgumentException("percentile must be in [0, 1]: " + percentile);
        }
        if (minSamples <= 0 || minSamples > window) {
            throw new IllegalArgumentException("minSamples must be in [1, window]: " + minSamples);
        }
        this.window = window;
        this.percentile = percentile;
        this.minSamples = minSamples;
    }

    /** Records one canary latency, forgetting the oldest once the window is full. */
    public void observe(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        latenciesNanos.addLast(latency.toNanos());
        if (latenciesNanos.size() > window) {
            latenciesNanos.removeFirst();
        }
    }

    /** The learned baseline, or empty while fewer than {@code minSamples} latencies were seen. */
    public Optional<Duration> current() {
        if (latenciesNanos.size() < minSamples) {
            return Optional.empty();
        }
        long[] sorted = latenciesNanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.floor(percentile * (sorted.length - 1)); // nearest-rank, rounding down
        return Optional.of(Duration.ofNanos(sorted[index]));
    }
}
