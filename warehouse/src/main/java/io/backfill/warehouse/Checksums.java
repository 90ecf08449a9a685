package io.backfill.warehouse;

import io.backfill.warehouse.sql.Sql;
import io.backfill.warehouse.sql.Tx;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;

/**
 * Computes {@link Checksum}s with one scan: {@code COUNT(*)} and the sum of the dialect's 64-bit row hash
 * over the target columns. The sum is read as text because it outgrows 64 bits.
 */
final class Checksums {

    private final WarehouseDialect dialect;

    Checksums(WarehouseDialect dialect) {
        this.dialect = dialect;
    }

    Checksum of(Tx tx, TargetTable target, PartitionScope scope) throws SQLException {
        String hash = dialect.rowHash(Sql.quoteAll(target.columnNames()));
        String sql = "SELECT COUNT(*), CAST(COALESCE(SUM(" + hash + "), 0) AS VARCHAR) FROM " + scope.fromTable()
                + " WHERE " + scope.where();
        List<Checksum> result = tx.query(
                sql,
                r -> new Checksum(r.getLong(1), new BigInteger(r.getString(2).strip())),
                scope.paramArray());
        return result.get(0);
    }
}
