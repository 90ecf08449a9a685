package io.backfill.planner.warehouse;

import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.planner.domain.Catalogue;
import io.backfill.warehouse.FailureKind;
import io.backfill.warehouse.PartitionColumnKind;
import io.backfill.warehouse.PartitionRows;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The warehouse catalogue for validating one request, over JDBC ({@link Warehouse#describe}): does the
 * target exist (inside the allow-list), does it have the partition column, and is that column a
 * date or timestamp. Describes the target once per request and answers {@link Catalogue} from the
 * result; the warehouse's own message for a refused target is kept for the rejection.
 *
 * <p>Reads only; never writes the warehouse. A warehouse that cannot be reached is not a property of
 * the request: {@link WarehouseUnavailable} lets the caller retry instead of rejecting.
 */
public final class WarehouseCatalogue implements Catalogue {

    private final Warehouse warehouse;
    private final String partitionColumn;
    private final Map<Probe, Described> described = new HashMap<>();

    private record Probe(TableRef table, String column) {}

    private record Described(TargetTable table, String refusal) {}

    /** A catalogue for one request, whose target is described with {@code partitionColumn}. */
    public WarehouseCatalogue(Warehouse warehouse, String partitionColumn) {
        this.warehouse = warehouse;
        this.partitionColumn = partitionColumn;
    }

    /** Thrown when the warehouse could not answer (connection, timeout): retry the request later. */
    public static final class WarehouseUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WarehouseUnavailable(WarehouseException cause) {
            super("warehouse unavailable: " + cause.getMessage(), cause);
        }
    }

    @Override
    public boolean tableExists(TableRef table) {
        Described d = describe(table);
        return d.table() != null || !refersToTable(d.refusal());
    }

    /**
     * Any column of any allow-listed table: the target's columns come from its description; another table
     * (a check's dimension table) is described with {@code column} as the probe, and a refusal for the
     * column's type still means it exists.
     */
    @Override
    public boolean columnExists(TableRef table, String column) {
        Described target = describe(table);
        if (target.table() != null) {
            return target.table().column(column).isPresent();
        }
        if (column.equals(partitionColumn) || !wellFormed(column)) {
            return column.equals(partitionColumn) && wrongType(target);
        }
        Described probed = describe(table, column);
        return probed.table() != null || wrongType(probed);
    }

    /**
     * Problems the {@link Catalogue} questions cannot express: a partition column of the wrong type, or a
     * grain the column's type cannot hold (hour partitions of a DATE column).
     */
    public List<String> typeProblems(TableRef table, PartitionGrain grain) {
        if (table == null || !wellFormed(partitionColumn)) {
            return List.of();
        }
        Described d = describe(table);
        if (wrongType(d)) {
            return List.of("partitionColumn: " + d.refusal());
        }
        if (d.table() != null && grain == PartitionGrain.HOUR && d.table().kind() == PartitionColumnKind.DATE) {
            return List.of("range.grain: HOUR partitions need a TIMESTAMP or TIMESTAMP WITH TIME ZONE column, but '"
                    + partitionColumn + "' of " + table.qualified() + " is a DATE (use DAY or MONTH)");
        }
        return List.of();
    }

    /** The described target, when it passed. */
    public Optional<TargetTable> target(TableRef table) {
        return Optional.ofNullable(describe(table).table());
    }

    /** Row counts of the target's non-empty partitions in {@code range}, keyed by partition key. */
    public Map<String, Long> rowCounts(TargetTable target, PartitionRange range) {
        try {
            Map<String, Long> rows = new HashMap<>();
            for (PartitionRows partition : warehouse.partitions(target, range)) {
                rows.put(partition.partition().key(), partition.rows());
            }
            return rows;
        } catch (WarehouseException e) {
            if (e.kind() == FailureKind.RETRIABLE) {
                throw new WarehouseUnavailable(e);
            }
            throw e;
        }
    }

    private Described describe(TableRef table) {
        // A malformed column is the validator's to report; probing with a placeholder still tells
        // whether the table exists, so both problems are named.
        return describe(table, wellFormed(partitionColumn) ? partitionColumn : "_");
    }

    private Described describe(TableRef table, String probe) {
        return described.computeIfAbsent(new Probe(table, probe), p -> {
            try {
                return new Described(warehouse.describe(p.table(), p.column()), null);
            } catch (WarehouseException e) {
                if (e.kind() == FailureKind.RETRIABLE) {
                    throw new WarehouseUnavailable(e);
                }
                return new Described(null, e.getMessage());
            }
        });
    }

    private static boolean wrongType(Described d) {
        return d.refusal() != null && d.refusal().contains("has type");
    }

    private static boolean wellFormed(String column) {
        try {
            TableRef.requireIdentifier(column, "partition column");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean refersToTable(String refusal) {
        return refusal == null || refusal.contains("does not exist in the catalogue") || refusal.contains("allow-list");
    }
}
