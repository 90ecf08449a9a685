package io.backfill.warehouse;

/**
 * Raw load signals read from a warehouse's own activity views, excluding the probing connection.
 * Normalising them into a pressure is the load sampler's job, not the warehouse layer's.
 */
public record LoadSignals(long activeQueries, long waitingQueries, long lockWaits) {}
