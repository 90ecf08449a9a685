package io.backfill.benchmark;

/**
 * The coordinator's state at one moment of a scenario, sampled by the benchmark.
 *
 * @param seconds since the scenario started
 * @param pressure the latest load sample's pressure (NaN before the first)
 * @param permits partitions admission allows at once (0 while paused; 0 for the baseline)
 * @param running partitions staging now
 * @param staged distinct partitions staged so far
 */
record TimelinePoint(double seconds, double pressure, int permits, int running, long staged) {}
