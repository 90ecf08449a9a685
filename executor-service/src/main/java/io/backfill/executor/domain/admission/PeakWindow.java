package io.backfill.executor.domain.admission;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A weekly recurring stretch of local wall-clock time during which foreground work is heavy (the
 * same shape as the {@code TimeWindow} Avro record).
 *
 * @param days the days the window <i>starts</i> on; empty means every day
 * @param start local start, inclusive
 * @param end local end, exclusive; an end before the start runs past midnight into the next day
 */
public record PeakWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public PeakWindow {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("peak window " + start + "-" + end + " is empty");
        }
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    }

    /** A window on every day. */
    public static PeakWindow daily(LocalTime start, LocalTime end) {
        return new PeakWindow(Set.of(), start, end);
    }

    /** Whether a local date-time falls inside this window. */
    public boolean contains(LocalDateTime local) {
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (start.isBefore(end)) {
            return startsOn(day) && !time.isBefore(start) && time.isBefore(end);
        }
        // Crosses midnight: the evening part belongs to today's window, the morning part to yesterday's.
        return (startsOn(day) && !time.isBefore(start)) || (startsOn(day.minus(1)) && time.isBefore(end));
    }

    private boolean startsOn(DayOfWeek day) {
        return days.isEmpty() || days.contains(day);
    }
}
