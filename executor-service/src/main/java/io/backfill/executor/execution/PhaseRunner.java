package io.backfill.executor.execution;

import io.backfill.core.Partition;
import io.backfill.executor.domain.admission.AdmissionDecision;
import io.backfill.executor.domain.admission.OperatorControls;
import io.backfill.executor.domain.admission.PartitionPacer;
import io.backfill.executor.domain.admission.PauseReason;
import io.backfill.executor.domain.admission.StartCheck;
import io.backfill.executor.domain.phase.PauseTransitions;
import io.backfill.executor.domain.phase.PhaseResume;
import io.backfill.executor.metrics.ExecutorMetrics;
import io.backfill.messaging.EventPublisher;
import io.backfill.warehouse.Checkpoint;
import io.backfill.warehouse.CheckpointState;
import io.backfill.warehouse.Failures;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages one phase, partition by partition, through the warehouse layer (each partition's rows and
 * checkpoint in one transaction), and reports it on {@code phase-progress}: STARTED, one
 * PARTITION_STAGED per partition, PAUSED / RESUMED when admission or a command holds it, and at the
 * end STAGED or FAILED.
 *
 * <p><b>Resume, never redo:</b> the phase's checkpoints are read first; partitions already staged
 * (by this or a crashed instance) are skipped and counted as done, so a redelivered phase continues
 * at the first unstaged partition.
 *
 * <p><b>Pacing:</b> before each partition the runner takes a permit from the phase's
 * {@link PartitionPacer.Lane} (instance cap, admission decision and phase budget); partitions of one
 * phase may run concurrently on virtual threads up to that limit. Every stop (abort, revocation, a
 * failed partition, admission paused) happens at a partition boundary: running partitions finish.
 *
 * <p>It polls the lane ({@code tryAcquire} every {@link #PERMIT_POLL}) rather than blocking in
 * {@code acquire}, so it notices a pause reason appearing while it waits and reports it as PAUSED.
 *
 * <p><b>A backfill's manual throttle</b> ({@link OperatorControls#backfillFactor}, from
 * {@code admission-control}) is applied here, before each partition start, since the instance-wide decision
 * cannot tell backfills apart: factor 0 holds the phase's starts (PAUSED with {@code MANUAL_THROTTLE}) until
 * the throttle is lifted or expires, re-checked every {@link #THROTTLE_POLL}; a factor in (0, 1) narrows the
 * phase's concurrency to that share of what its budget and the instance decision allow now, rounded down
 * but at least one partition (the pragmatic reading of "half the budget" for one backfill: the instance's
 * work budget stays shared, this phase just takes fewer of its permits). The warehouse-wide throttle is the
 * admission controller's ({@code OperatorThrottledController}).
 */
public final class PhaseRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseRunner.class);
    private static final Duration PERMIT_POLL = Duration.ofMillis(50);
    private static final Duration THROTTLE_POLL = Duration.ofMillis(200);
    private static final Set<CheckpointState> DONE =
            EnumSet.of(CheckpointState.STAGED, CheckpointState.PUBLISHED, CheckpointState.FINALISED);
    private static final Set<CheckpointState> PAST_STAGING =
            EnumSet.of(CheckpointState.PUBLISHED, CheckpointState.FINALISED, CheckpointState.ROLLED_BACK);

    private final Warehouse warehouse;
    private final PartitionPacer pacer;
    private final ProgressSink progress;
    private final ExecutorMetrics metrics;
    private final ExecutorService workers;
    private final Clock clock;
    private final OperatorControls operatorControls;

    PhaseRunner(
            Warehouse warehouse,
            PartitionPacer pacer,
            ProgressSink progress,
            ExecutorMetrics metrics,
            ExecutorService workers,
            Clock clock,
            OperatorControls operatorControls) {
        this.operatorControls = operatorControls;
        this.warehouse = warehouse;
        this.pacer = pacer;
        this.progress = progress;
        this.metrics = metrics;
        this.workers = workers;
        this.clock = clock;
    }

    JobOutcome run(PhaseSpec spec, PhaseControl control) {
        Instant started = clock.instant();
        JobOutcome outcome;
        String label;
        try {
            Result result = stage(spec, control);
            outcome = result.outcome;
            label = result.label;
        } catch (EventPublisher.PublishFailedException e) {
            LOG.warn(
                    "{}: progress could not be published, the phase will be redelivered: {}",
                    spec.ref(),
                    e.getMessage());
            outcome = JobOutcome.REDELIVER;
            label = "redeliver";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("{}: interrupted (shutting down); another instance resumes it", spec.ref());
            outcome = JobOutcome.REVOKED;
            label = "revoked";
        }
        metrics.phaseFinished(label, Duration.between(started, clock.instant()));
        return outcome;
    }

    private record Result(JobOutcome outcome, String label) {}

    private Result stage(PhaseSpec spec, PhaseControl control) throws InterruptedException {
        PhaseRef ref = spec.ref();
        int total = spec.partitions().size();
        TargetTable target;
        Map<String, Checkpoint> done;
        try {
            target = warehouse.describe(spec.target(), spec.partitionColumn());
            warehouse.prepare(target);
            done = doneCheckpoints(spec, target);
        } catch (RuntimeException e) {
            if (e instanceof EventPublisher.PublishFailedException p) {
                throw p;
            }
            LOG.warn("{}: cannot prepare the target {}: {}", ref, spec.target(), e.getMessage());
            progress.failed(ref, "cannot prepare target: " + Failures.describe(e), Failures.retriable(e), 0, total);
            return new Result(JobOutcome.COMMIT, "failed");
        }
        if (done.size() == total && done.values().stream().anyMatch(c -> PAST_STAGING.contains(c.state()))) {
            LOG.info("{}: already past staging (published or rolled back); redelivery ignored", ref);
            return new Result(JobOutcome.COMMIT, "duplicate");
        }
        Tally tally = new Tally(total, done.values());
        List<String> remainingKeys = PhaseResume.remaining(spec.partitionKeys(), done.keySet());
        Map<String, Partition> byKey = new LinkedHashMap<>();
        spec.partitions().forEach(p -> byKey.put(p.key(), p));
        LOG.info("{}: starting on {} with {} of {} partitions already staged", ref, target.table(), tally.done, total);
        progress.started(ref, tally.done, total);

        PartitionPacer.Lane lane = pacer.lane(spec.budget());
        control.attach(lane);
        PauseTransitions pauses = new PauseTransitions();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Future<?>> inFlight = new ArrayList<>();
        boolean computeExhausted = false;
        int next = 0;
        try {
            while (next < remainingKeys.size() && !control.stopping() && failure.get() == null) {
                if (control.isCommandPaused()) {
                    report(ref, pauses.paused("COMMAND"), tally);
                    control.awaitChange(Duration.ofSeconds(1));
                    continue;
                }
                if (spec.maxComputeSeconds().isPresent()
                        && tally.computeSeconds() >= spec.maxComputeSeconds().getAsDouble()) {
                    computeExhausted = true;
                    break;
                }
                double throttle = operatorControls.backfillFactor(ref.backfillId());
                if (throttle <= 0) {
                    report(ref, pauses.paused(PauseReason.MANUAL_THROTTLE.name()), tally);
                    TimeUnit.MILLISECONDS.sleep(THROTTLE_POLL.toMillis());
                    continue;
                }
                if (throttle < 1 && lane.running() >= throttledConcurrency(throttle, spec, pacer.decision())) {
                    TimeUnit.MILLISECONDS.sleep(PERMIT_POLL.toMillis());
                    continue;
                }
                Optional<PartitionPacer.Permit> permit = lane.tryAcquire();
                if (permit.isEmpty()) {
                    if (lane.check() instanceof StartCheck.Paused paused) {
                        report(ref, pauses.paused(paused.reason().name()), tally);
                    }
                    TimeUnit.MILLISECONDS.sleep(PERMIT_POLL.toMillis());
                    continue;
                }
                if (control.isCommandPaused() || control.stopping()) {
                    permit.get().close();
                    continue;
                }
                report(ref, pauses.running(), tally);
                Partition partition = byKey.get(remainingKeys.get(next++));
                PartitionPacer.Permit held = permit.get();
                inFlight.add(workers.submit(() -> stageOne(spec, target, partition, held, tally, failure)));
            }
        } finally {
            awaitAll(inFlight);
        }

        if (control.isRevoked()) {
            LOG.info(
                    "{}: stopped at a partition boundary after revocation ({} of {} staged); not committing",
                    ref,
                    tally.done,
                    total);
            return new Result(JobOutcome.REVOKED, "revoked");
        }
        Throwable failed = failure.get();
        if (failed instanceof EventPublisher.PublishFailedException p) {
            throw p;
        }
        if (failed != null) {
            LOG.warn("{}: failed after {} of {} partitions: {}", ref, tally.done, total, failed.getMessage());
            progress.failed(ref, Failures.describe(failed), Failures.retriable(failed), tally.done, total);
            return new Result(JobOutcome.COMMIT, "failed");
        }
        Optional<String> aborted = control.abortReason();
        if (aborted.isPresent()) {
            LOG.info("{}: aborted after {} of {} partitions: {}", ref, tally.done, total, aborted.get());
            progress.failed(ref, "aborted: " + aborted.get(), false, tally.done, total);
            return new Result(JobOutcome.COMMIT, "aborted");
        }
        if (computeExhausted) {
            String reason = "compute budget of " + spec.maxComputeSeconds().getAsDouble() + " s used up after "
                    + tally.done + " of " + total + " partitions";
            LOG.warn("{}: {}", ref, reason);
            progress.failed(ref, reason, false, tally.done, total);
            return new Result(JobOutcome.COMMIT, "budget_exhausted");
        }
        long millis = Duration.between(tally.startedAt, clock.instant()).toMillis();
        progress.staged(ref, tally.rows(), millis, tally.computeSeconds(), total);
        LOG.info("{}: staged {} partitions, {} rows", ref, total, tally.rows());
        return new Result(JobOutcome.COMMIT, "staged");
    }

    /** A throttled phase's concurrency: the factor's share of its budget and the instance's permits, at least 1. */
    static int throttledConcurrency(double factor, PhaseSpec spec, AdmissionDecision instance) {
        int allowed = Math.min(spec.budget().maxConcurrentStatements(), instance.permits());
        return Math.max(1, (int) Math.floor(allowed * factor));
    }

    private Map<String, Checkpoint> doneCheckpoints(PhaseSpec spec, TargetTable target) {
        String table = target.table().qualified();
        Set<String> keys = Set.copyOf(spec.partitionKeys());
        Map<String, Checkpoint> done = new LinkedHashMap<>();
        for (Checkpoint c : warehouse.checkpointsOf(spec.phaseId())) {
            if (c.table().equals(table) && keys.contains(c.partitionKey()) && DONE.contains(c.state())) {
                done.put(c.partitionKey(), c);
            }
        }
        return done;
    }

    private void stageOne(
            PhaseSpec spec,
            TargetTable target,
            Partition partition,
            PartitionPacer.Permit permit,
            Tally tally,
            AtomicReference<Throwable> failure) {
        try (permit) {
            long began = System.nanoTime();
            Checkpoint checkpoint = warehouse.stage(
                    target,
                    spec.ref().backfillId(),
                    spec.phaseId(),
                    partition,
                    spec.transformationSql(),
                    spec.statementTimeout());
            if (checkpoint.state() != CheckpointState.STAGED) {
                // The warehouse layer does not re-stage a partition whose checkpoint moved past staging
                // (published, rolled back): reporting it as staged would hand the validator rows that are not
                // there. (DISCARDED is re-staged: that is how a retried attempt runs.)
                throw new IllegalStateException("partition " + partition.key() + " of phase " + spec.phaseId() + " is "
                        + checkpoint.state() + " in the warehouse and cannot be staged again");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            permit.chargeRows(checkpoint.rows());
            synchronized (tally) {
                tally.add(checkpoint);
                progress.partitionStaged(spec.ref(), checkpoint, tally.done, tally.total);
            }
            metrics.partitionStaged(checkpoint.rows(), took);
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    private void report(PhaseRef ref, Optional<PauseTransitions.Change> change, Tally tally) {
        change.ifPresent(c -> {
            switch (c) {
                case PauseTransitions.Change.Paused p -> {
                    LOG.info("{}: paused at a partition boundary: {}", ref, p.reason());
                    progress.paused(ref, p.reason(), tally.done(), tally.total);
                }
                case PauseTransitions.Change.Resumed r -> {
                    LOG.info("{}: resumed (was paused: {})", ref, r.reason());
                    progress.resumed(ref, tally.done(), tally.total);
                }
            }
        });
    }

    private static void awaitAll(List<Future<?>> futures) throws InterruptedException {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                // stageOne records its own failures; nothing escapes it.
            }
        }
    }

    /** Counts of the phase so far, including partitions staged before this run. */
    private final class Tally {
        final int total;
        final Instant startedAt = clock.instant();
        int done;
        long rows;
        long statementMillis;

        Tally(int total, java.util.Collection<Checkpoint> already) {
            this.total = total;
            already.forEach(this::add);
        }

        synchronized void add(Checkpoint c) {
            done++;
            rows += c.rows();
            statementMillis += c.durationMs();
        }

        synchronized int done() {
            return done;
        }

        synchronized long rows() {
            return rows;
        }

        synchronized double computeSeconds() {
            return statementMillis / 1000.0;
        }
    }
}
