package io.backfill.planner.domain.window;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A recurring weekly slot in which a backfill may run, in local wall-clock time.
 *
 * <p>{@code days} are the days on which the window <em>opens</em>. When {@code end} is not after
 * {@code start} the window crosses midnight and closes the next day: {@code Mon-Fri 22:00-06:00}
 * covers Friday 22:00 to Saturday 06:00, but not Monday 00:00-06:00 (that would belong to a
 * Sunday opening). This is how cron and most schedulers read such ranges, so users' intuition holds.
 * {@code start == end} means the whole 24 hours from {@code start}.
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public WeeklyWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("a weekly window needs at least one day");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** The days {@code from} through {@code to} (wrapping past Sunday if needed), {@code start}-{@code end}. */
    public static WeeklyWindow of(DayOfWeek from, DayOfWeek to, LocalTime start, LocalTime end) {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek day = from; ; day = day.plus(1)) {
            days.add(day);
            if (day == to) {
                break;
            }
        }
        return new WeeklyWindow(days, start, end);
    }

    /** Every day, {@code start}-{@code end}. */
    public static WeeklyWindow daily(LocalTime start, LocalTime end) {
        return new WeeklyWindow(EnumSet.allOf(DayOfWeek.class), start, end);
    }

    /** True when the window ends on the day after it opens. */
    public boolean crossesMidnight() {
        return !end.isAfter(start);
    }
}
