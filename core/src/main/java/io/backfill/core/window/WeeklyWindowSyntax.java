package io.backfill.core.window;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The one text form of a {@link WeeklyWindow}, used wherever a window is written as text (the executor's
 * {@code backfill.admission.peak-windows}), and the same reading of days and times for sources that give
 * them separately (the {@code TimeWindow} Avro record):
 *
 * <pre>
 *   [days] HH:mm-HH:mm
 *   08:00-18:00            every day (no days = every day)
 *   MON-FRI 08:00-18:00    a day range; FRI-MON wraps past Sunday
 *   MON,WED,SAT 22:00-02:00  a day list; ends before it starts, so it runs past midnight
 *   SAT,SUN 00:00-00:00    start == end: the whole day
 *   MON-FRI 19:00-24:00    24:00 is accepted as an end: midnight
 * </pre>
 *
 * A day is its English name or the first three or more letters of it, in any case. Several windows are
 * separated by commas ({@link #parseList}); a comma inside a day list does not split a window, so
 * {@code MON,WED 08:00-10:00,SAT 10:00-12:00} is two windows. Errors name the offending text.
 */
public final class WeeklyWindowSyntax {

    private static final String EXAMPLE = "expected e.g. 'MON-FRI 08:00-18:00' or '22:00-06:00'";

    private WeeklyWindowSyntax() {}

    /** One window, e.g. {@code MON-FRI 08:00-18:00}. */
    public static WeeklyWindow parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int lastSpace = lastWhitespace(trimmed);
        String daysText = lastSpace < 0 ? "" : trimmed.substring(0, lastSpace).strip();
        String range = trimmed.substring(lastSpace + 1);
        try {
            String[] bounds = range.split("-", -1);
            if (bounds.length != 2) {
                throw new IllegalArgumentException("'" + range + "' is not a time range HH:mm-HH:mm");
            }
            List<String> dayItems = daysText.isEmpty() ? List.of() : List.of(daysText.split(",", -1));
            return window(dayItems, bounds[0], bounds[1]);
        } catch (IllegalArgumentException e) {
            throw invalid(trimmed, e, EXAMPLE);
        }
    }

    /**
     * Comma-separated windows, e.g. {@code MON-FRI 08:00-18:00,SAT 10:00-14:00}; blank text is none. Also
     * reads back a list that a comma-splitting config reader cut inside a day list: a piece without a time
     * range ({@code MON}) belongs to the window after it.
     */
    public static List<WeeklyWindow> parseList(String text) {
        List<WeeklyWindow> windows = new ArrayList<>();
        StringJoiner pending = new StringJoiner(",");
        boolean anyPending = false;
        for (String piece : (text == null ? "" : text).split(",", -1)) {
            if (piece.isBlank()) {
                continue;
            }
            pending.add(piece.strip());
            anyPending = true;
            if (piece.contains(":")) {
                windows.add(parse(pending.toString()));
                pending = new StringJoiner(",");
                anyPending = false;
            }
        }
        if (anyPending) {
            throw invalid(pending.toString(), new IllegalArgumentException("days without a time range"), EXAMPLE);
        }
        return List.copyOf(windows);
    }

    /**
     * A window from separately given parts, read exactly like the text form: each day item a day or a
     * day range, no items meaning every day.
     */
    public static WeeklyWindow of(List<String> days, String start, String end) {
        try {
            return window(days, start, end);
        } catch (IllegalArgumentException e) {
            String dayText = String.join(",", days);
            throw invalid((dayText.isEmpty() ? "" : dayText + " ") + start + "-" + end, e, null);
        }
    }

    /** The text form: days as ranges where they run on (left out when every day), then the times. */
    public static String format(WeeklyWindow window) {
        String times = window.start() + "-" + window.end();
        Set<DayOfWeek> days = window.days();
        if (days.size() == DayOfWeek.values().length) {
            return times;
        }
        // Begin at a day that starts a run, so a run across Sunday stays one range (SAT-MON).
        DayOfWeek first = DayOfWeek.MONDAY;
        while (!days.contains(first) || days.contains(first.minus(1))) {
            first = first.plus(1);
        }
        StringJoiner text = new StringJoiner(",");
        DayOfWeek day = first;
        for (int seen = 0; seen < 7; ) {
            if (!days.contains(day)) {
                day = day.plus(1);
                seen++;
                continue;
            }
            DayOfWeek runStart = day;
            int length = 0;
            while (seen < 7 && days.contains(day)) {
                day = day.plus(1);
                seen++;
                length++;
            }
            DayOfWeek runEnd = runStart.plus(length - 1L);
            if (length == 1) {
                text.add(abbreviation(runStart));
            } else if (length == 2) {
                text.add(abbreviation(runStart)).add(abbreviation(runEnd));
            } else {
                text.add(abbreviation(runStart) + "-" + abbreviation(runEnd));
            }
        }
        return text + " " + times;
    }

    private static WeeklyWindow window(List<String> dayItems, String start, String end) {
        return new WeeklyWindow(days(dayItems), time(start, false), time(end, true));
    }

    private static Set<DayOfWeek> days(List<String> items) {
        if (items.isEmpty()) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : items) {
            String[] range = item.strip().split("-", -1);
            if (range.length > 2) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not a day or a day range like MON-FRI");
            }
            DayOfWeek from = day(range[0]);
            days.addAll(WeeklyWindow.dayRange(from, range.length == 2 ? day(range[1]) : from));
        }
        return days;
    }

    private static DayOfWeek day(String text) {
        String wanted = text.strip().toUpperCase(Locale.ROOT);
        if (wanted.length() >= 3) {
            for (DayOfWeek day : DayOfWeek.values()) {
                if (day.name().startsWith(wanted)) {
                    return day;
                }
            }
        }
        throw new IllegalArgumentException("unknown day '" + text.strip() + "' (MON..SUN or MONDAY..SUNDAY)");
    }

    private static LocalTime time(String text, boolean isEnd) {
        String trimmed = text == null ? "" : text.strip();
        if (isEnd && trimmed.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a time HH:mm", e);
        }
    }

    private static String abbreviation(DayOfWeek day) {
        return day.name().substring(0, 3);
    }

    private static int lastWhitespace(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** @param hint what the text should look like, or null when the parts were given separately */
    private static IllegalArgumentException invalid(String text, IllegalArgumentException cause, String hint) {
        return new IllegalArgumentException(
                "invalid weekly window '" + text + "': " + cause.getMessage() + (hint == null ? "" : "; " + hint),
                cause);
    }
}
