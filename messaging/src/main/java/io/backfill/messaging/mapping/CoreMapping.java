package io.backfill.messaging.mapping;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import java.time.ZoneId;
import java.util.List;

/**
 * The one translation from the event contract's shared records ({@code io.backfill.events.TableRef},
 * {@code PartitionGrain}, {@code PartitionRange} and partition keys) to {@code core}'s types, for every
 * service. It checks what the schema cannot: plain identifiers, keys of the grain, aligned-or-not bounds
 * that can be read at all, known time zones. A value that fails throws {@link IllegalArgumentException}
 * naming it, so a service can report the problem or dead-letter the record.
 */
public final class CoreMapping {

    private CoreMapping() {}

    /** The table an event names; refuses anything but plain ASCII identifiers ({@link TableRef}). */
    public static TableRef table(io.backfill.events.TableRef table) {
        return new TableRef(table.getSchemaName(), table.getTableName());
    }

    public static PartitionGrain grain(io.backfill.events.PartitionGrain grain) {
        return PartitionGrain.valueOf(grain.name());
    }

    /**
     * The partitions behind keys an event lists (as {@link Partition#key()} wrote them), read in
     * {@code timeZone}, in the event's order.
     */
    public static List<Partition> partitions(
            io.backfill.events.PartitionGrain grain, String timeZone, List<String> keys) {
        PartitionGrain coreGrain = grain(grain);
        ZoneId zone = zone(timeZone);
        return keys.stream().map(key -> Partition.parse(coreGrain, zone, key)).toList();
    }

    /**
     * The range a request names. Only reading is checked here; whether it is aligned and non-empty is
     * {@link PartitionRange#problems()}, so a caller can list those among its other problems.
     */
    public static PartitionRange range(io.backfill.events.PartitionRange range) {
        return PartitionRange.of(grain(range.getGrain()), range.getTimeZone(), range.getStart(), range.getEnd());
    }

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            // ZoneId throws DateTimeException; callers handle one exception type for every bad value.
            throw new IllegalArgumentException("unknown time zone '" + timeZone + "'", e);
        }
    }
}
