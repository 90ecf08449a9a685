package io.backfill.planner.domain.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a backfill is allowed to run: weekly windows and blackout dates in one time zone. The
 * scheduler asks it whether phases may be released now; the projector asks how much open time lies
 * ahead, because work only progresses inside windows.
 *
 * <p>No windows means "always open". A blackout date closes its whole local calendar day, including
 * the part of a window that crossed midnight into it. Local times that a DST change skips or
 * repeats are resolved the way {@link ZonedDateTime#of} does (skipped times move forward; repeated
 * times take the earlier offset).
 */
public record WindowPolicy(ZoneId zone, List<WeeklyWindow> windows, Set<LocalDate> blackoutDates) {

    /** How far ahead {@link #finishAfter} looks before it gives up: no realistic backfill runs longer. */
    static final int HORIZON_DAYS = 5 * 366;

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
        LocalDate date = at.atZone(zone).toLocalDate();
        for (Slot slot : openSlotsOn(date)) {
            if (!at.isBefore(slot.from()) && at.isBefore(slot.to())) {
                return true;
            }
        }
        return false;
    }

    /** Total open time in {@code [from, to)}. */
    public Duration openTimeBetween(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        for (LocalDate date = from.atZone(zone).toLocalDate();
                !date.atStartOfDay(zone).toInstant().isAfter(to);
                date = date.plusDays(1)) {
            for (Slot slot : openSlotsOn(date)) {
                Instant start = max(slot.from(), from);
                Instant end = min(slot.to(), to);
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
        LocalDate date = from.atZone(zone).toLocalDate();
        for (int day = 0; day < HORIZON_DAYS; day++, date = date.plusDays(1)) {
            for (Slot slot : openSlotsOn(date)) {
                Instant start = max(slot.from(), from);
                if (!start.isBefore(slot.to())) {
                    continue;
                }
                Duration available = Duration.between(start, slot.to());
                if (available.compareTo(left) >= 0) {
                    return Optional.of(start.plus(left));
                }
                left = left.minus(available);
            }
        }
        return Optional.empty();
    }

    /** The open parts of local {@code date}, sorted and merged, as instants. */
    List<Slot> openSlotsOn(LocalDate date) {
        Instant dayStart = date.atStartOfDay(zone).toInstant();
        Instant dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
        if (blackoutDates.contains(date)) {
            return List.of();
        }
        if (windows.isEmpty()) {
            return List.of(new Slot(dayStart, dayEnd));
        }
        List<Slot> slots = new ArrayList<>();
        for (WeeklyWindow window : windows) {
            // A window opened yesterday may still be open this morning.
            for (LocalDate opening : List.of(date.minusDays(1), date)) {
                if (!window.days().contains(opening.getDayOfWeek())) {
                    continue;
                }
                Instant open = ZonedDateTime.of(opening, window.start(), zone).toInstant();
                LocalDate closingDate = window.crossesMidnight() ? opening.plusDays(1) : opening;
                Instant close =
                        ZonedDateTime.of(closingDate, window.end(), zone).toInstant();
                Instant from = max(open, dayStart);
                Instant to = min(close, dayEnd);
                if (from.isBefore(to)) {
                    slots.add(new Slot(from, to));
                }
            }
        }
        return merge(slots);
    }

    private static List<Slot> merge(List<Slot> slots) {
        slots.sort(Comparator.comparing(Slot::from));
        List<Slot> merged = new ArrayList<>();
        for (Slot slot : slots) {
            if (!merged.isEmpty() && !slot.from().isAfter(merged.getLast().to())) {
                Slot last = merged.removeLast();
                merged.add(new Slot(last.from(), max(last.to(), slot.to())));
            } else {
                merged.add(slot);
            }
        }
        return merged;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** A half-open open interval {@code [from, to)}. */
    record Slot(Instant from, Instant to) {}
}
