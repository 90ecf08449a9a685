package io.backfill.warehouse;

import io.backfill.core.Partition;
import io.backfill.core.PartitionRange;
import io.backfill.warehouse.sql.Sql;
import io.backfill.warehouse.sql.Tx;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists a target's non-empty partitions in a range with one grouped query. The dialect groups rows into
 * buckets that never straddle a partition; each bucket's smallest value is then placed in its partition
 * by the same bounds staging uses, so listing and staging always agree, even across DST changes.
 */
final class PartitionListing {

    private final WarehouseDialect dialect;

    PartitionListing(WarehouseDialect dialect) {
        this.dialect = dialect;
    }

    List<PartitionRows> list(Tx tx, TargetTable target, PartitionRange range) throws SQLException {
        List<Partition> partitions = range.partitions();
        PartitionColumnKind kind = target.kind();
        if (kind == PartitionColumnKind.DATE && range.grain() == io.backfill.core.PartitionGrain.HOUR) {
            throw new IllegalArgumentException(
                    "a DATE column " + target.partitionColumn() + " cannot have hour partitions");
        }
        String column = Sql.quote(target.partitionColumn());
        String sql = "SELECT MIN(" + column + "), COUNT(*) FROM "
                + Sql.qualified(target.table().schema(), target.table().table())
                + " WHERE " + column + " >= ? AND " + column + " < ? GROUP BY "
                + dialect.partitionBucket(column, kind, range.grain());
        List<Object> params = new ArrayList<>(
                List.of(kind.startOf(partitions.get(0)), kind.endOf(partitions.get(partitions.size() - 1))));
        if (dialect.bucketBindsZone(kind, range.grain())) {
            params.add(range.zone().getId());
        }
        List<Comparable<Object>> starts =
                partitions.stream().map(p -> comparable(kind.startOf(p))).toList();
        Map<Partition, Long> counts = new TreeMap<>();
        for (Object[] row :
                tx.query(sql, r -> new Object[] {r.getObject(1, kind.javaType()), r.getLong(2)}, params.toArray())) {
            Partition partition = partitions.get(lastStartAtOrBefore(starts, comparable(row[0])));
            counts.merge(partition, (Long) row[1], Long::sum);
        }
        return counts.entrySet().stream()
                .map(e -> new PartitionRows(e.getKey(), e.getValue()))
                .toList();
    }

    /** The last partition whose start is at or before {@code value}: on a fall-back night, the later hour. */
    private static int lastStartAtOrBefore(List<Comparable<Object>> starts, Comparable<Object> value) {
        int found = Collections.binarySearch(starts, value);
        if (found >= 0) {
            while (found + 1 < starts.size() && starts.get(found + 1).compareTo(value) == 0) {
                found++;
            }
            return found;
        }
        return Math.max(0, -found - 2);
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object value) {
        return (Comparable<Object>) (Comparable<?>)
                switch (value) {
                    case OffsetDateTime odt -> odt.toInstant();
                    case LocalDateTime ldt -> ldt;
                    case LocalDate ld -> ld;
                    default -> throw new IllegalStateException("unexpected partition value " + value.getClass());
                };
    }
}
