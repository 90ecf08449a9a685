package io.backfill.e2e;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.warehouse.Checksum;
import io.backfill.warehouse.DataSet;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the tests read from the warehouse to judge a backfill: per-partition checksums (the warehouse
 * layer's own order-independent row checksum, the same the reconciliation and rollback proofs use) and the
 * control schema's publish log.
 */
final class WarehouseProbe implements AutoCloseable {

    private final E2eDatabase database;
    private final Warehouse warehouse;

    WarehouseProbe(E2eDatabase database) {
        this.database = database;
        this.warehouse = new WarehouseLocation(database.jdbcUrl, database.user, database.password)
                .open(WarehouseSettings.of("backfill_control", Set.of("analytics", "raw")));
    }

    /** Checksum of every day partition of {@code analytics.<table>} between {@code start} and {@code end} (exclusive). */
    Map<String, Checksum> checksums(String table, String start, String end) {
        TargetTable target = warehouse.describe(new TableRef("analytics", table), "revenue_date");
        Map<String, Checksum> sums = new LinkedHashMap<>();
        for (Partition partition :
                PartitionRange.of(PartitionGrain.DAY, "UTC", start, end).partitions()) {
            sums.put(partition.key(), warehouse.checksum(target, DataSet.TARGET, partition, null));
        }
        return sums;
    }

    /** Partition key → how many times the backfill's phases published it (action PUBLISH in bf_publish_log). */
    Map<String, Integer> publishCounts(String backfillId) throws SQLException {
        return logCounts(backfillId, "PUBLISH");
    }

    Map<String, Integer> logCounts(String backfillId, String action) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection connection = database.connect();
                PreparedStatement sql = connection.prepareStatement(
                        "SELECT partition_key, COUNT(*) FROM backfill_control.bf_publish_log"
                                + " WHERE backfill_id = ? AND action = ? GROUP BY partition_key")) {
            sql.setString(1, backfillId);
            sql.setString(2, action);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return counts; // no publish log yet: nothing was ever published
            }
            throw e;
        }
        return counts;
    }

    @Override
    public void close() {
        warehouse.close();
    }
}
