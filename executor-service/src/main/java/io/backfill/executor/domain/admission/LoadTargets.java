package io.backfill.executor.domain.admission;

import io.backfill.core.window.WeeklySchedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The pressure a backfill may drive its warehouse to: a lower target inside peak windows (people
 * are using the warehouse), a higher one outside them, and one hard ceiling above which nothing
 * new starts at any time.
 *
 * @param offPeakTarget target pressure outside the peak windows (default 0.7)
 * @param peakTarget target pressure inside the peak windows (default 0.5)
 * @param hardCeiling pressure above which admission stops and consumption pauses (default 0.9)
 * @param peakWindows when the peak target applies, in the zone they are read in; no windows means never
 */
public record LoadTargets(double offPeakTarget, double peakTarget, double hardCeiling, WeeklySchedule peakWindows) {

    public static final double DEFAULT_OFF_PEAK_TARGET = 0.7;
    public static final double DEFAULT_PEAK_TARGET = 0.5;
    public static final double DEFAULT_HARD_CEILING = 0.9;

    public static final LoadTargets DEFAULTS = new LoadTargets(
            DEFAULT_OFF_PEAK_TARGET, DEFAULT_PEAK_TARGET, DEFAULT_HARD_CEILING, WeeklySchedule.none(ZoneId.of("UTC")));

    public LoadTargets {
        Objects.requireNonNull(peakWindows, "peakWindows");
        requireTarget(offPeakTarget, hardCeiling, "offPeakTarget");
        requireTarget(peakTarget, hardCeiling, "peakTarget");
    }

    /** The target pressure in force at {@code now}. */
    public double targetAt(Instant now) {
        return isPeak(now) ? peakTarget : offPeakTarget;
    }

    public boolean isPeak(Instant now) {
        return peakWindows.contains(now);
    }

    private static void requireTarget(double target, double ceiling, String name) {
        if (!(target > 0 && target <= ceiling)) {
            throw new IllegalArgumentException(name + " must be in (0, hardCeiling=" + ceiling + "]: " + target);
        }
    }
}
