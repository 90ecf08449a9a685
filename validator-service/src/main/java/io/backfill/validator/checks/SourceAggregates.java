package io.backfill.validator.checks;

import io.backfill.core.Partition;
import io.backfill.warehouse.TargetTable;
import java.math.BigDecimal;

/**
 * Aggregates over the source side of a partition: the AGGREGATE_CHECKSUM check needs the sum of a column
 * over the rows the source query yields for the partition. Production uses
 * {@code CheckQueries::sourceSum}; the interface keeps the check testable on its own.
 */
@FunctionalInterface
public interface SourceAggregates {

    /**
     * Sum of {@code column} over the rows of {@code sourceSql} (named parameters {@code :partition_start},
     * {@code :partition_end}) for {@code partition}; zero when it yields no rows.
     */
    BigDecimal sum(TargetTable target, Partition partition, String sourceSql, String column);
}
