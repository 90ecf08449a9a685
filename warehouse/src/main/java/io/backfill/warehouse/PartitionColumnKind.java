package io.backfill.warehouse;

import io.backfill.core.Partition;
import java.time.ZonedDateTime;

/**
 * The SQL type family of a partition column, which decides the Java type its bounds are bound as:
 * a {@code LocalDate} for DATE, a {@code LocalDateTime} in the table's zone for TIMESTAMP, an
 * {@code OffsetDateTime} for TIMESTAMPTZ. Binding the right type lets the warehouse compare without
 * implicit casts that would shift values by the session time zone.
 */
public enum PartitionColumnKind {
    DATE,
    TIMESTAMP,
    TIMESTAMPTZ;

    /** The value of {@code at} as this kind's Java type. */
    public Object bindValue(ZonedDateTime at) {
        return switch (this) {
            case DATE -> at.toLocalDate();
            case TIMESTAMP -> at.toLocalDateTime();
            case TIMESTAMPTZ -> at.toOffsetDateTime();
        };
    }

    /** The partition's start bound as this kind's Java type. */
    public Object startOf(Partition partition) {
        return bindValue(partition.start());
    }

    /** The partition's exclusive end bound as this kind's Java type. */
    public Object endOf(Partition partition) {
        return bindValue(partition.end());
    }

    /** Java type used to read values of this kind back from a result set. */
    public Class<?> javaType() {
        return switch (this) {
            case DATE -> java.time.LocalDate.class;
            case TIMESTAMP -> java.time.LocalDateTime.class;
            case TIMESTAMPTZ -> java.time.OffsetDateTime.class;
        };
    }
}
