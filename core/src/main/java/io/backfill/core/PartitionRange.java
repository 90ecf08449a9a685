package io.backfill.core;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A contiguous run of partitions {@code [first, endExclusive)} of one grain in one time zone, as a
 * backfill request names it.
 */
public record PartitionRange(PartitionGrain grain, ZoneId zone, ZonedDateTime start, ZonedDateTime endExclusive) {

    public PartitionRange {
        Objects.requireNonNull(grain, "grain");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(endExclusive, "endExclusive");
        start = start.withZoneSameInstant(zone);
        endExclusive = endExclusive.withZoneSameInstant(zone);
    }

    /**
     * Builds a range from the text a user writes: an ISO date ({@code 2026-01-01}), month
     * ({@code 2026-01}) or local date-time ({@code 2026-01-01T05:00}), read in {@code zone}.
     *
     * @throws IllegalArgumentException naming the value that cannot be read
     */
    public static PartitionRange of(PartitionGrain grain, String zone, String start, String endExclusive) {
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "'", e);
        }
        return new PartitionRange(
                grain, zoneId, readBound(start, zoneId, "start"), readBound(endExclusive, zoneId, "end"));
    }

    static ZonedDateTime readBound(String text, ZoneId zone, String which) {
        Objects.requireNonNull(text, which);
        try {
            if (text.length() == 7) {
                return YearMonth.parse(text).atDay(1).atStartOfDay(zone);
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone);
            }
            return LocalDateTime.parse(text).atZone(zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "range " + which + " '" + text + "' is not an ISO date, month or local date-time", e);
        }
    }

    /** Every problem that makes this range unusable, empty when it is fine. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!grain.isAligned(start)) {
            problems.add("range start " + start.toLocalDateTime() + " is not aligned to " + grain + " partitions");
        }
        if (!grain.isAligned(endExclusive)) {
            problems.add("range end " + endExclusive.toLocalDateTime() + " is not aligned to " + grain + " partitions");
        }
        if (!endExclusive.toInstant().isAfter(start.toInstant())) {
            problems.add("range is empty: end " + endExclusive.toLocalDateTime() + " is not after start "
                    + start.toLocalDateTime());
        }
        return problems;
    }

    /** The partitions of this range in time order. Call only on a range with no {@link #problems()}. */
    public List<Partition> partitions() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        List<Partition> partitions = new ArrayList<>();
        for (ZonedDateTime at = start; at.toInstant().isBefore(endExclusive.toInstant()); at = grain.next(at)) {
            partitions.add(new Partition(grain, at));
        }
        return partitions;
    }
}
