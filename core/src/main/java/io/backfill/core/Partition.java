package io.backfill.core;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One partition of a target table: the half-open interval {@code [start, end)} of the partition
 * column, in the table's time zone.
 *
 * <p>Its {@link #key()} is the stable text form used in events, checkpoints and logs:
 * {@code 2026-03-01} for a day, {@code 2026-03} for a month, and the start with its UTC offset for an
 * hour ({@code 2026-10-25T02:00+02:00}), which keeps the two local 02:00 hours of a fall-back night apart.
 */
public record Partition(PartitionGrain grain, ZonedDateTime start) implements Comparable<Partition> {

    private static final DateTimeFormatter HOUR_KEY = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxxx");

    public Partition {
        Objects.requireNonNull(grain, "grain");
        Objects.requireNonNull(start, "start");
        if (!grain.isAligned(start)) {
            throw new IllegalArgumentException(start + " is not the start of a " + grain + " partition");
        }
    }

    /** The partition of {@code grain} that contains {@code instant}. */
    public static Partition containing(PartitionGrain grain, ZonedDateTime instant) {
        return new Partition(grain, grain.floor(instant));
    }

    /** The exclusive end of this partition, which is the start of the next one. */
    public ZonedDateTime end() {
        return grain.next(start);
    }

    public Partition next() {
        return new Partition(grain, end());
    }

    public ZoneId zone() {
        return start.getZone();
    }

    public String key() {
        return switch (grain) {
            case HOUR -> start.toOffsetDateTime().format(HOUR_KEY);
            case DAY -> start.toLocalDate().toString();
            case MONTH -> YearMonth.from(start).toString();
        };
    }

    /**
     * Reads a key written by {@link #key()} back into a partition of the given grain and zone.
     *
     * @throws IllegalArgumentException naming the key when it is not a partition of that grain
     */
    public static Partition parse(PartitionGrain grain, ZoneId zone, String key) {
        Objects.requireNonNull(key, "key");
        try {
            ZonedDateTime start = switch (grain) {
                case HOUR -> OffsetDateTime.parse(key, HOUR_KEY).atZoneSameInstant(zone);
                case DAY -> LocalDate.parse(key).atStartOfDay(zone);
                case MONTH -> YearMonth.parse(key).atDay(1).atStartOfDay(zone);
            };
            return new Partition(grain, start);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + key + "' is not a " + grain + " partition key (expected " + example(grain) + ")", e);
        }
    }

    private static String example(PartitionGrain grain) {
        return switch (grain) {
            case HOUR -> "2026-03-01T13:00+01:00";
            case DAY -> "2026-03-01";
            case MONTH -> "2026-03";
        };
    }

    @Override
    public int compareTo(Partition other) {
        return start.toInstant().compareTo(other.start.toInstant());
    }

    @Override
    public String toString() {
        return key();
    }
}
