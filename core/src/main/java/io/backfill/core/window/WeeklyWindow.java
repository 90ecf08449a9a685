package io.backfill.core.window;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A weekly recurring stretch of local wall-clock time, such as {@code MON-FRI 08:00-18:00}. It is read
 * in a time zone supplied from outside ({@link WeeklySchedule}), because every user of windows reads a
 * whole list of them in one zone.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li><b>Half-open:</b> open from {@code start} (inclusive) to {@code end} (exclusive).
 *   <li><b>Overnight:</b> an {@code end} before {@code start} runs past midnight and closes on the next
 *       day; {@code 22:00-00:00} runs until midnight. An overnight window belongs to the day it
 *       <em>starts</em> on: {@code FRI 22:00-06:00} covers Saturday 00:00-06:00 but not Friday 00:00-06:00.
 *   <li><b>{@code start == end} is the whole day</b>: 24 hours of wall time from {@code start}
 *       ({@code 00:00-00:00} is the whole calendar day). A window that is never open would be useless,
 *       and the planner's requests have always meant "all day" by it.
 *   <li><b>Days are never empty here.</b> Every input that lets a user leave the days out (the text form
 *       {@code 08:00-18:00}, an empty {@code days} list in the {@code TimeWindow} Avro record, whose
 *       contract says so) means every day, and is turned into all seven days by
 *       {@link WeeklyWindowSyntax}. An empty set reaching this constructor is a caller's mistake (such as
 *       a filter that removed every day), so it is refused rather than silently read as "always".
 *   <li><b>DST:</b> the window is defined in local wall time. It opens the first moment the wall clock
 *       reads {@code start} and stays open until the wall clock reads {@code end} for the last time.
 *       When a spring-forward skips the start, it opens when the clocks jump; when it skips the end, it
 *       closes when they jump. So on a spring-forward day a window is shorter ({@code 01:30-02:30} in
 *       Berlin lasts 30 minutes) or absent ({@code 02:00-03:00}); on a fall-back day a window spanning
 *       the repeated hour is longer ({@code 02:00-03:00} lasts two hours, {@code 01:00-02:30} two and a
 *       half). A window is therefore always one unbroken interval per opening day.
 * </ul>
 *
 * @param days the days the window <em>starts</em> on; at least one
 * @param start local start time, inclusive
 * @param end local end time, exclusive; before (or equal to) {@code start} means it ends the next day
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public WeeklyWindow {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (days.isEmpty()) {
            throw new IllegalArgumentException(
                    "a weekly window needs at least one day (leave the days out of the text, or use daily(), for every day)");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** Every day, {@code start}-{@code end}. */
    public static WeeklyWindow daily(LocalTime start, LocalTime end) {
        return new WeeklyWindow(EnumSet.allOf(DayOfWeek.class), start, end);
    }

    /** The days {@code from} through {@code to} (wrapping past Sunday: FRI-MON is four days), {@code start}-{@code end}. */
    public static WeeklyWindow of(DayOfWeek from, DayOfWeek to, LocalTime start, LocalTime end) {
        return new WeeklyWindow(dayRange(from, to), start, end);
    }

    /** The days {@code from} through {@code to}, wrapping past Sunday. */
    static Set<DayOfWeek> dayRange(DayOfWeek from, DayOfWeek to) {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek day = from; ; day = day.plus(1)) {
            days.add(day);
            if (day == to) {
                return days;
            }
        }
    }

    /** True when the window closes on the day after it opens (including a whole-day window). */
    public boolean crossesMidnight() {
        return !end.isAfter(start);
    }

    /**
     * The opening that starts on local {@code date} in {@code zone}: empty when the window does not start
     * on that day of the week, or when a spring-forward skips all of it.
     */
    public Optional<Opening> openingOn(LocalDate date, ZoneId zone) {
        if (!days.contains(date.getDayOfWeek())) {
            return Optional.empty();
        }
        Instant opens = opensAt(date.atTime(start), zone);
        Instant closes = closesAt((crossesMidnight() ? date.plusDays(1) : date).atTime(end), zone);
        return opens.isBefore(closes) ? Optional.of(new Opening(opens, closes)) : Optional.empty();
    }

    /** Whether the window is open at {@code at}, read in {@code zone}. */
    public boolean contains(Instant at, ZoneId zone) {
        LocalDate today = at.atZone(zone).toLocalDate();
        // A window that opened yesterday may still be open this morning; no opening lasts longer than 25 h.
        for (LocalDate opening : List.of(today.minusDays(1), today)) {
            if (openingOn(opening, zone).filter(o -> o.contains(at)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The text form, e.g. {@code MON-FRI 08:00-18:00}; {@link WeeklyWindowSyntax#parse} reads it back. */
    @Override
    public String toString() {
        return WeeklyWindowSyntax.format(this);
    }

    /** The first moment the wall clock reads {@code local}: the jump itself if a gap skips it. */
    private static Instant opensAt(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return ZonedDateTime.ofLocal(local, zone, null)
                .withEarlierOffsetAtOverlap()
                .toInstant();
    }

    /** The last moment the wall clock reads {@code local}: the jump itself if a gap skips it. */
    private static Instant closesAt(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return ZonedDateTime.ofLocal(local, zone, null)
                .withLaterOffsetAtOverlap()
                .toInstant();
    }
}
