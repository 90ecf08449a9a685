package io.backfill.executor.domain.admission;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@link PeakWindow} from its configuration text: {@code HH:mm-HH:mm} (every day),
 * {@code MON-FRI HH:mm-HH:mm} (a day range) or {@code MON,WED,SAT HH:mm-HH:mm} (a day list). An end
 * before the start runs past midnight. Errors name the offending text.
 */
public final class PeakWindowSyntax {

    private PeakWindowSyntax() {}

    public static PeakWindow parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        String[] parts = trimmed.split("\\s+");
        try {
            if (parts.length == 1) {
                return times(Set.of(), parts[0], trimmed);
            }
            if (parts.length == 2) {
                return times(days(parts[0]), parts[1], trimmed);
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid peak window '" + trimmed + "' (" + e.getMessage()
                            + "); expected e.g. 'MON-FRI 08:00-18:00'",
                    e);
        }
        throw new IllegalArgumentException(
                "invalid peak window '" + trimmed + "'; expected e.g. '08:00-18:00' or 'MON-FRI 08:00-18:00'");
    }

    private static PeakWindow times(Set<DayOfWeek> days, String range, String whole) {
        String[] bounds = range.split("-");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("time range '" + range + "' of '" + whole + "' is not HH:mm-HH:mm");
        }
        return new PeakWindow(days, LocalTime.parse(bounds[0]), LocalTime.parse(bounds[1]));
    }

    private static Set<DayOfWeek> days(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : text.split(",")) {
            String[] range = item.split("-");
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length > 1 ? day(range[1]) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String abbreviation) {
        String wanted = abbreviation.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(wanted) && wanted.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + abbreviation + "'");
    }
}
