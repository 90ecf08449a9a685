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
            // plusHours works on the instant time line: DST changes neither skip nor repeat an hour.
            case HOUR -> start.plusHours(1);
            case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
            case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
        };
    }

    /** True when {@code start} is exactly the start of a partition of this grain. */
    public boolean isAligned(ZonedDateTime start) {
        return floor(start).toInstant().equals(start.toInstant());
    }
}
