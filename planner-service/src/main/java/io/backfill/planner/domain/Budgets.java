package io.backfill.planner.domain;

/**
 * The resource limits one backfill asked for. The planner enforces {@link #maxPhasesInFlight()}
 * itself; the rest travel with each released phase so executors can pace the partitions inside it.
 *
 * @param maxConcurrentStatements warehouse statements an executor may run at once for this backfill
 * @param maxPartitionsPerSecond staging rate ceiling, in partitions per second
 * @param maxComputeSeconds total warehouse compute the backfill may spend
 * @param maxPhasesInFlight phases of this backfill released but not yet finished
 */
public record Budgets(
        int maxConcurrentStatements, double maxPartitionsPerSecond, long maxComputeSeconds, int maxPhasesInFlight) {}
