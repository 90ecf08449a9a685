package io.backfill.warehouse;

import java.time.Instant;

/**
 * The record that a partition was staged by a phase, written in the same transaction as the staged rows
 * so that it never disagrees with them.
 */
public record Checkpoint(
        String backfillId,
        String phaseId,
        String table,
        String partitionKey,
        long rows,
        long durationMs,
        Instant stagedAt,
        Checksum checksum,
        CheckpointState state) {}
