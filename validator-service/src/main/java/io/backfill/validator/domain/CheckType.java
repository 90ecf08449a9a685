package io.backfill.validator.domain;

/**
 * What a gate check measures; mirrors the Avro {@code CheckType}. {@link #UNKNOWN} stands for a type a
 * newer request writer declared and this validator cannot run: such a check always ends in ERROR, so an
 * unknown check can never let a phase through unverified.
 */
public enum CheckType {
    /** Staged column names, types and nullability equal the target's. */
    SCHEMA_MATCH,
    /** Staged rows vs the rows the source (transformation or given query) yields, within a tolerance. */
    ROW_COUNT_VS_SOURCE,
    /** Staged rows vs the current target partition's rows, within a tolerance. */
    ROW_COUNT_DELTA_VS_TARGET,
    /** NULLs per listed column as a fraction of rows, at most the threshold. */
    NULL_RATE,
    /** No two staged rows share the values of the key columns. */
    UNIQUE_KEY,
    /** Every non-null foreign key has a match in the reference table's column. */
    REFERENTIAL_INTEGRITY,
    /** No timestamp is NULL, outside the partition's bounds or in the future. */
    TIMESTAMP_BOUNDS,
    /** Sum of a measure column in staging vs the same sum over the source, within a tolerance. */
    AGGREGATE_CHECKSUM,
    /** Each metric's robust z-score against earlier partitions and phases, at most the threshold. */
    ANOMALY,
    /** A query that must return no rows. */
    CUSTOM_SQL,
    /** A type this validator does not know. */
    UNKNOWN
}
