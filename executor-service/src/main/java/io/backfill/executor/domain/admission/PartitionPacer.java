package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The permit gate workers pass before starting a partition. One pacer per executor instance; one
 * {@link Lane} per phase being executed, carrying that phase's budget.
 *
 * <p>A worker calls {@link Lane#acquire()} before staging a partition and closes the returned
 * {@link Permit} after it (try-with-resources). Acquire blocks until {@link StartRule} says go, or
 * returns empty once the lane or the pacer is stopped (rebalance, cancel, shutdown). Feeding samples
 * through {@link #onLoadSample} (or calling {@link #decisionChanged()} after changing the
 * controller another way, e.g. a command pause) wakes every waiting worker at once, so a decrease
 * takes effect at the very next partition start and an increase is used immediately; running
 * partitions always finish, so a pause lands on a partition boundary. Waiters also re-check every
 * {@code recheckInterval} (default 1 s), so time-driven changes (a sample going stale, a peak
 * window opening) are seen without a signal.
 *
 * <p>When the instance decision is budget-paced (a finite {@link AdmissionDecision#workBudget()},
 * e.g. the {@code static} strategy), starts are also paced by one instance-wide {@link WorkBudget}:
 * it is created full the first time such a decision is seen and advanced under the lock at every
 * check, start and release, with the decision's budget and the instance's running count, so it is
 * exact whenever the calls come. While a decision carries no finite budget (a pause, say) the
 * bucket keeps its last rate, so a pause does not wipe out a debt. A start the budget refuses waits
 * until the instant its credit is repaid ({@link StartCheck.NotBefore}) or, with every permit in
 * use, for a release.
 *
 * <p>The decision step is the pure {@link StartRule}; the only blocking step is the injected
 * {@link Waiter}, which lets tests drive the pacer on a test clock without sleeping.
 */
public final class PartitionPacer {

    public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(1);

    private final AdmissionController controller;
    private final Clock clock;
    private final Waiter waiter;
    private final Duration recheckInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private int running;
    private Instant lastStart;
    private WorkBudget workBudget;
    private boolean stopped;

    public PartitionPacer(AdmissionController controller, Clock clock, Waiter waiter) {
        this(controller, clock, waiter, DEFAULT_RECHECK_INTERVAL);
    }

    public PartitionPacer(AdmissionController controller, Clock clock, Waiter waiter, Duration recheckInterval) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.recheckInterval = Objects.requireNonNull(recheckInterval, "recheckInterval");
        if (recheckInterval.isNegative() || recheckInterval.isZero()) {
            throw new IllegalArgumentException("recheckInterval must be positive: " + recheckInterval);
        }
    }

    /** Opens a lane for one phase with its budget. */
    public Lane lane(PhaseBudget budget) {
        return new Lane(Objects.requireNonNull(budget, "budget"));
    }

    /** Feeds a load sample to the controller and wakes waiting workers to re-check. */
    public void onLoadSample(LoadSample sample) {
        controller.onLoadSample(sample);
        decisionChanged();
    }

    /** Wakes waiting workers after the controller changed by other means (e.g. a command pause). */
    public void decisionChanged() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The instance-wide decision now; the consumer loop pauses Kafka consumption on it. */
    public AdmissionDecision decision() {
        return controller.decision();
    }

    /** Stops the pacer for good: every waiting and future acquire returns empty. */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Partitions running on this instance. */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Brings the instance's work budget to {@code now} with the running count as it is now, at the
     * decision's budget (or the bucket's last rate when the decision is not budget-paced). Called
     * with the lock held; returns null while no budget-paced decision has been seen.
     */
    private WorkBudget advanceWorkBudget(Instant now, AdmissionDecision instance) {
        if (instance.budgetPaced()) {
            workBudget = workBudget == null
                    ? WorkBudget.full(now, instance.workBudget()).advance(now, instance.workBudget(), running)
                    : workBudget.advance(now, instance.workBudget(), running);
        } else if (workBudget != null) {
            workBudget = workBudget.advance(now, workBudget.rate(), running);
        }
        return workBudget;
    }

    /** The partitions of one phase: its own running count, rate and stop switch. */
    public final class Lane {

        private final PhaseBudget budget;
        private int laneRunning;
        private Instant laneLastStart;
        private Instant rowsNotBefore;
        private boolean laneStopped;

        private Lane(PhaseBudget budget) {
            this.budget = budget;
        }

        /**
         * Blocks until a partition of this phase may start, then takes a permit.
         *
         * @return the permit to close when the partition is done, or empty if the lane or the
         *     pacer was stopped while waiting
         */
        public Optional<Permit> acquire() throws InterruptedException {
            lock.lock();
            try {
                while (true) {
                    if (stopped || laneStopped) {
                        return Optional.empty();
                    }
                    Instant now = clock.instant();
                    StartCheck check = check(now);
                    if (check instanceof StartCheck.Go) {
                        return Optional.of(start(now));
                    }
                    waiter.await(changed, waitTime(check, now));
                }
            } finally {
                lock.unlock();
            }
        }

        /** Takes a permit if a partition may start right now, without waiting. */
        public Optional<Permit> tryAcquire() {
            lock.lock();
            try {
                if (stopped || laneStopped) {
                    return Optional.empty();
                }
                Instant now = clock.instant();
                return check(now) instanceof StartCheck.Go ? Optional.of(start(now)) : Optional.empty();
            } finally {
                lock.unlock();
            }
        }

        /** What {@link StartRule} says for this lane now; for logging why a worker waits. */
        public StartCheck check() {
            lock.lock();
            try {
                return check(clock.instant());
            } finally {
                lock.unlock();
            }
        }

        /** Stops this lane (phase revoked or cancelled): its waiting and future acquires return empty. */
        public void stop() {
            lock.lock();
            try {
                laneStopped = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Partitions of this phase running. */
        public int running() {
            lock.lock();
            try {
                return laneRunning;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Charges the rows a partition of this phase wrote to the phase's row-rate budget: the phase's
         * next start waits until those rows fit the rate (a token bucket that may go into debt, so one
         * large partition is never refused, only followed by a longer gap).
         */
        public void chargeRows(long rows) {
            Duration cost = budget.rowsCost(rows);
            if (cost.isZero()) {
                return;
            }
            lock.lock();
            try {
                Instant now = clock.instant();
                Instant from = rowsNotBefore == null || rowsNotBefore.isBefore(now) ? now : rowsNotBefore;
                rowsNotBefore = from.plus(cost);
            } finally {
                lock.unlock();
            }
        }

        private StartCheck check(Instant now) {
            AdmissionDecision instance = controller.decision();
            WorkBudget instanceBudget = advanceWorkBudget(now, instance);
            StartCheck check = StartRule.evaluate(
                    now,
                    instance,
                    running,
                    lastStart,
                    instanceBudget,
                    budget.clamp(instance),
                    laneRunning,
                    laneLastStart);
            if (check instanceof StartCheck.Go && rowsNotBefore != null && rowsNotBefore.isAfter(now)) {
                return new StartCheck.NotBefore(rowsNotBefore);
            }
            return check;
        }

        private Permit start(Instant now) {
            running++;
            laneRunning++;
            lastStart = now;
            laneLastStart = now;
            advanceWorkBudget(now, controller.decision());
            return new Permit(this);
        }

        private void release() {
            lock.lock();
            try {
                running--;
                laneRunning--;
                advanceWorkBudget(clock.instant(), controller.decision());
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private Duration waitTime(StartCheck check, Instant now) {
            if (check instanceof StartCheck.NotBefore(Instant notBefore)) {
                Duration untilAllowed = Duration.between(now, notBefore);
                return untilAllowed.compareTo(recheckInterval) < 0 ? untilAllowed : recheckInterval;
            }
            return recheckInterval;
        }
    }

    /** The right to run one partition; closing it (once; later closes do nothing) frees the slot. */
    public static final class Permit implements AutoCloseable {

        private final Lane lane;
        private boolean released;

        private Permit(Lane lane) {
            this.lane = lane;
        }

        /** Charges the rows this partition wrote to its phase's row-rate budget ({@link Lane#chargeRows}). */
        public void chargeRows(long rows) {
            lane.chargeRows(rows);
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            lane.release();
        }
    }
}
