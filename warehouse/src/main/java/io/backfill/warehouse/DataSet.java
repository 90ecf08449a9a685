package io.backfill.warehouse;

/** Which copy of a partition a check or checksum reads. */
public enum DataSet {
    /** The phase's staged rows of the partition. */
    STAGED,
    /** The target table's rows inside the partition's bounds. */
    TARGET,
    /** The previous target rows a phase moved to the rollback corridor. */
    CORRIDOR
}
