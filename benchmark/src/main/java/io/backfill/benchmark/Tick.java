package io.backfill.benchmark;

/**
 * The coordinator's state at one instant of a scenario, as the timeline plots and CSVs show it.
 *
 * @param seconds since the scenario's start (the backfill's submission)
 * @param pressure the latest {@code warehouse-load} pressure (NaN before the first sample)
 * @param admittedBudget statement-seconds per second admission allows now (0 while paused)
 * @param running partitions staging now
 * @param staged distinct partitions staged so far
 * @param published partitions published so far
 */
record Tick(double seconds, double pressure, double admittedBudget, int running, long staged, long published) {}
