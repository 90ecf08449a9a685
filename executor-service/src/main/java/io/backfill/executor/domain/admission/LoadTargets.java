package io.backfill.executor.domain.admission;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The pressure a backfill may drive its warehouse to: a lower target inside peak windows (people
 * are using the warehouse), a higher one outside them, and one hard ceiling above which nothing
 * new starts at any time.
 *
 * @param offPeakTarget target pressure outside the peak windows (default 0.7)
 * @param peakTarget target pressure inside the peak windows (default 0.5)
 * @param hardCeiling pressure above which admission stops and consumption pauses (default 0.9)
 * @param zone the time zone the peak windows are read in
 * @param peakWindows when the peak target applies; empty means never
 */
public record LoadTargets(
        double offPeakTarget, double peakTarget, double hardCeiling, ZoneId zone, List<PeakWindow> peakWindows) {

    public static final double DEFAULT_OFF_PEAK_TARGET = 0.7;
    public static final double DEFAULT_PEAK_TARGET = 0.5;
    public static final double DEFAULT_HARD_CEILING = 0.9;

    public static final LoadTargets DEFAULTS = new LoadTargets(
            DEFAULT_OFF_PEAK_TARGET, DEFAULT_PEAK_TARGET, DEFAULT_HARD_CEILING, ZoneId.of("UTC"), List.of());

    public LoadTargets {
        Objects.requireNonNull(zone, "zone");
        peakWindows = List.copyOf(peakWindows);
        requireTarget(offPeakTarget, hardCeiling, "offPeakTarget");
        requireTarget(peakTarget, hardCeiling, "peakTarget");
    }

    /** The target pressure in force at {@code now}. */
    public double targetAt(Instant now) {
        return isPeak(now) ? peakTarget : offPeakTarget;
    }

    public boolean isPeak(Instant now) {
        var local = now.atZone(zone).toLocalDateTime();
        return peakWindows.stream().anyMatch(w -> w.contains(local));
    }

    private static void requireTarget(double target, double ceiling, String name) {
        if (!(target > 0 && target <= ceiling)) {
            throw new IllegalArgumentException(name + " must be in (0, hardCeiling=" + ceiling + "]: " + target);
        }
    }
}
