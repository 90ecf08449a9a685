package io.backfill.warehouse;

import io.backfill.core.Partition;

/** An existing partition of a target table and how many rows it holds. */
public record PartitionRows(Partition partition, long rows) {}
