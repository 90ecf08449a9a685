package io.backfill.planner.domain.window;

import io.backfill.core.window.Opening;
import io.backfill.core.window.WeeklySchedule;
import io.backfill.core.window.WeeklyWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a backfill is allowed to run: weekly windows and blackout dates in one time zone. The
 * scheduler asks it whether phases may be released now; the projector asks how much open time lies
 * ahead, because work only progresses inside windows.
 *
 * <p>The windows themselves (overnight, whole-day, DST) follow core's {@link WeeklyWindow} rules; this
 * class adds the planner's policy on top: no windows means "always open", and a blackout date closes
 * its whole local calendar day, including the part of a window that crossed midnight into it.
 */
public record WindowPolicy(ZoneId zone, List<WeeklyWindow> windows, Set<LocalDate> blackoutDates) {

    /** How far ahead {@link #finishAfter} looks before it gives up: no realistic backfill runs longer. */
    public static final int HORIZON_DAYS = 5 * 366;

    public WindowPolicy {
        Objects.requireNonNull(zone, "zone");
        windows = windows == null ? List.of() : List.copyOf(windows);
        blackoutDates = blackoutDates == null ? Set.of() : Set.copyOf(blackoutDates);
    }

    public static WindowPolicy always(ZoneId zone) {
        return new WindowPolicy(zone, List.of(), Set.of());
    }

    /** True when work may run at {@code at}. */
    public boolean allows(Instant at) {
        if (blackoutDates.contains(at.atZone(zone).toLocalDate())) {
            return false;
        }
        return windows.isEmpty() || schedule().contains(at);
    }

    /** Total open time in {@code [from, to)}. */
    public Duration openTimeBetween(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        WeeklySchedule schedule = schedule();
        for (LocalDate date = from.atZone(zone).toLocalDate();
                date.atStartOfDay(zone).toInstant().isBefore(to);
                date = date.plusDays(1)) {
            for (Opening opening : openingsOn(date, schedule)) {
                Instant start = max(opening.opens(), from);
                Instant end = min(opening.closes(), to);
                if (start.isBefore(end)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    /**
     * The instant at which {@code work} of open time, starting at {@code from}, has elapsed; empty
     * when the windows do not offer that much within about five years (e.g. no open day at all).
     */
    public Optional<Instant> finishAfter(Instant from, Duration work) {
        if (!work.isPositive()) {
            return Optional.of(from);
        }
        Duration left = work;
        WeeklySchedule schedule = schedule();
        LocalDate date = from.atZone(zone).toLocalDate();
        for (int day = 0; day < HORIZON_DAYS; day++, date = date.plusDays(1)) {
            for (Opening opening : openingsOn(date, schedule)) {
                Instant start = max(opening.opens(), from);
                if (!start.isBefore(opening.closes())) {
                    continue;
                }
                Duration available = Duration.between(start, opening.closes());
                if (available.compareTo(left) >= 0) {
                    return Optional.of(start.plus(left));
                }
                left = left.minus(available);
            }
        }
        return Optional.empty();
    }

    /** The open parts of local {@code date}, sorted and merged: none on a blackout date. */
    private List<Opening> openingsOn(LocalDate date, WeeklySchedule schedule) {
        if (blackoutDates.contains(date)) {
            return List.of();
        }
        Instant dayStart = date.atStartOfDay(zone).toInstant();
        Instant dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
        return windows.isEmpty() ? List.of(new Opening(dayStart, dayEnd)) : schedule.openings(dayStart, dayEnd);
    }

    private WeeklySchedule schedule() {
        return new WeeklySchedule(zone, windows);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
