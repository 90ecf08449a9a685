package io.backfill.core;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * How wide one partition of a target table is. Day and month partitions follow the calendar of the
 * table's time zone (so a day across a DST change lasts 23 or 25 hours); hour partitions follow the
 * instant time line (so a fall-back night has two partitions that both start at local 01:00).
 */
public enum PartitionGrain {
    HOUR,
    DAY,
    MONTH;

    /** The start of the partition that contains {@code instant}. */
    public ZonedDateTime floor(ZonedDateTime instant) {
        return switch (this) {
            case HOUR -> instant.truncatedTo(ChronoUnit.HOURS);
            case DAY -> instant.toLocalDate().atStartOfDay(instant.getZone());
            case MONTH -> instant.toLocalDate().withDayOfMonth(1).atStartOfDay(instant.getZone());
        };
    }

    /** The start of the partition after the one starting at {@code start}. */
    public ZonedDateTime next(ZonedDateTime start) {
        return switch (this) {
            case HOUR -> nextHour(start);
            case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
            case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
        };
    }

    /**
     * The next instant after {@code start} at which the local clock shows a whole hour. Usually one
     * hour later; across a whole-hour DST change still one real hour; where a zone shifts by 30
     * minutes (Australia/Lord_Howe) the hour around the shift lasts 30 or 90 real minutes, so every
     * partition starts on a local hour and none overlap. Offsets are multiples of 15 minutes, so
     * stepping by 15 minutes cannot miss a boundary.
     */
    private static ZonedDateTime nextHour(ZonedDateTime start) {
        ZonedDateTime next = start.plusMinutes(15);
        while (next.getMinute() != 0) {
            next = next.plusMinutes(15);
        }
        return next;
    }

    /** True when {@code start} is exactly the start of a partition of this grain. */
    public boolean isAligned(ZonedDateTime start) {
        return floor(start).toInstant().equals(start.toInstant());
    }
}
