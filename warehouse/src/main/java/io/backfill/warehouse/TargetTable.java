package io.backfill.warehouse;

import io.backfill.core.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * A target table checked against the catalogue: its columns in order, and its partition column with
 * the column's {@link PartitionColumnKind}. Every other warehouse call takes one of these, so names in it
 * are known to exist and to be inside the allow-list.
 */
public record TargetTable(TableRef table, List<ColumnInfo> columns, String partitionColumn, PartitionColumnKind kind) {

    public TargetTable {
        columns = List.copyOf(columns);
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnInfo::name).toList();
    }

    public Optional<ColumnInfo> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
