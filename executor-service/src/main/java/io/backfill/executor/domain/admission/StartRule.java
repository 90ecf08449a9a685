package io.backfill.executor.domain.admission;

import java.time.Duration;
import java.time.Instant;

/**
 * The pure rule behind {@link PartitionPacer}: given the current decisions and what is running,
 * may one more partition start at {@code now}? It is checked at each partition boundary only, so a
 * lower limit never interrupts running partitions; it just stops the next start until enough of
 * them have finished.
 *
 * <p>Two scopes are checked: the instance (all phases on this executor, against the controller's
 * decision) and the lane (one phase, against the decision narrowed to its budget). When the
 * instance decision is budget-paced ({@link AdmissionDecision#budgetPaced()}), the instance check
 * also asks the instance's {@link WorkBudget} (with the instance's running count); the lane checks
 * never do, since the budget is spent instance-wide.
 */
public final class StartRule {

    private StartRule() {}

    /** The rule for decisions that are not budget-paced (no {@link WorkBudget} to ask). */
    public static StartCheck evaluate(
            Instant now,
            AdmissionDecision instance,
            int instanceRunning,
            Instant instanceLastStart,
            AdmissionDecision lane,
            int laneRunning,
            Instant laneLastStart) {
        return evaluate(now, instance, instanceRunning, instanceLastStart, null, lane, laneRunning, laneLastStart);
    }

    /**
     * @param instance the controller's instance-wide decision
     * @param instanceRunning partitions running on this instance
     * @param instanceLastStart when this instance last started a partition, or null
     * @param instanceBudget the instance's work budget, advanced to {@code now} with the decision's
     *     work budget and the instance's running count; asked only when {@code instance} is
     *     budget-paced (may be null otherwise)
     * @param lane the decision narrowed to the phase's budget
     * @param laneRunning partitions of this phase running
     * @param laneLastStart when this phase last started a partition, or null
     * @throws IllegalArgumentException when the decision is budget-paced but no budget is given
     */
    public static StartCheck evaluate(
            Instant now,
            AdmissionDecision instance,
            int instanceRunning,
            Instant instanceLastStart,
            WorkBudget instanceBudget,
            AdmissionDecision lane,
            int laneRunning,
            Instant laneLastStart) {
        if (instance.pause().isPresent()) {
            return new StartCheck.Paused(instance.pause().get());
        }
        if (lane.pause().isPresent()) {
            return new StartCheck.Paused(lane.pause().get());
        }
        if (instanceRunning >= instance.permits()) {
            return new StartCheck.AtCapacity(instanceRunning, instance.permits());
        }
        if (laneRunning >= lane.permits()) {
            return new StartCheck.AtCapacity(laneRunning, lane.permits());
        }
        Instant budgetAllows = null;
        if (instance.budgetPaced()) {
            if (instanceBudget == null) {
                throw new IllegalArgumentException("a budget-paced decision needs the instance's WorkBudget");
            }
            StartCheck budgetCheck = instanceBudget.check(now);
            if (budgetCheck instanceof StartCheck.AtCapacity) {
                return budgetCheck;
            }
            if (budgetCheck instanceof StartCheck.NotBefore(Instant notBefore)) {
                budgetAllows = notBefore;
            }
        }
        Instant notBefore = later(
                budgetAllows,
                later(
                        nextStart(instanceLastStart, instance.minStartSpacing()),
                        nextStart(laneLastStart, lane.minStartSpacing())));
        if (notBefore != null && now.isBefore(notBefore)) {
            return new StartCheck.NotBefore(notBefore);
        }
        return new StartCheck.Go();
    }

    private static Instant nextStart(Instant lastStart, Duration spacing) {
        return lastStart == null ? null : lastStart.plus(spacing);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
