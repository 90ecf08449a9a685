package io.backfill.executor.execution;

import io.backfill.executor.domain.admission.OperatorControls;
import io.backfill.executor.domain.admission.PartitionPacer;
import io.backfill.executor.metrics.ExecutorMetrics;
import io.backfill.warehouse.Warehouse;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns instructions into {@link Job}s running on virtual threads (their work is blocking JDBC):
 * phases through {@link PhaseRunner}, data commands through {@link CommandRunner}; control commands
 * (ABORT, PAUSE, RESUME) are applied on the spot to the phase if it runs on this instance. Knows
 * nothing about Kafka: the consumer loop hands it mapped instructions and acts on the job outcomes.
 */
public final class ExecutionEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEngine.class);

    private final RunningPhases running = new RunningPhases();
    private final RecentIds handledCommands = new RecentIds(10_000);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final PhaseRunner phaseRunner;
    private final CommandRunner commandRunner;

    public ExecutionEngine(
            Warehouse warehouse, PartitionPacer pacer, ProgressSink progress, ExecutorMetrics metrics, Clock clock) {
        this(warehouse, pacer, progress, metrics, clock, new OperatorControls(clock));
    }

    /** With the operators' controls, whose per-backfill throttles hold that backfill's partition starts. */
    public ExecutionEngine(
            Warehouse warehouse,
            PartitionPacer pacer,
            ProgressSink progress,
            ExecutorMetrics metrics,
            Clock clock,
            OperatorControls operatorControls) {
        this.phaseRunner = new PhaseRunner(warehouse, pacer, progress, metrics, workers, clock, operatorControls);
        this.commandRunner = new CommandRunner(warehouse, progress);
    }

    public RunningPhases running() {
        return running;
    }

    /** Starts staging a phase; a phase already running here (a duplicate delivery) finishes at once. */
    public Job submit(PhaseSpec spec) {
        Optional<PhaseControl> registered = running.register(spec.ref());
        if (registered.isEmpty()) {
            LOG.info("{}: already running on this instance; duplicate delivery skipped", spec.ref());
            return Job.finished(spec.ref() + " (duplicate)", JobOutcome.COMMIT);
        }
        PhaseControl control = registered.get();
        CompletableFuture<JobOutcome> done = new CompletableFuture<>();
        workers.submit(() -> {
            try {
                done.complete(phaseRunner.run(spec, control));
            } catch (Throwable e) {
                LOG.error("{}: runner failed unexpectedly", spec.ref(), e);
                done.complete(JobOutcome.REDELIVER);
            } finally {
                running.unregister(control);
            }
        });
        return new Job(spec.ref().toString(), done, control::revoke);
    }

    /** Carries out a command: data commands as a job, control commands at once. */
    public Job submit(CommandSpec command) {
        String description = command.type() + " " + command.ref() + " (" + command.eventId() + ")";
        if (command.type().isControl()) {
            control(command);
            return Job.finished(description, JobOutcome.COMMIT);
        }
        if (handledCommands.contains(command.eventId())) {
            LOG.info("{}: already carried out on this instance; duplicate skipped", description);
            return Job.finished(description, JobOutcome.COMMIT);
        }
        CompletableFuture<JobOutcome> done = new CompletableFuture<>();
        workers.submit(() -> {
            try {
                JobOutcome outcome = commandRunner.run(command);
                if (outcome == JobOutcome.COMMIT) {
                    handledCommands.add(command.eventId());
                }
                done.complete(outcome);
            } catch (Throwable e) {
                LOG.error("{}: failed unexpectedly", description, e);
                done.complete(JobOutcome.REDELIVER);
            }
        });
        // A warehouse transaction cannot be cut safely: a revoked command simply finishes.
        return new Job(description, done, () -> {});
    }

    /**
     * Applies ABORT, PAUSE or RESUME to the phase if it runs on this instance; true if it did. Safe to
     * repeat: the switches are idempotent, so a redelivered command does no harm.
     */
    public boolean control(CommandSpec command) {
        Optional<PhaseControl> control = running.get(command.ref().phaseId());
        if (control.isEmpty()) {
            LOG.debug("{}: {} for a phase not running here; nothing to do", command.ref(), command.type());
            return false;
        }
        switch (command.type()) {
            case ABORT -> control.get().abort(command.reason());
            case PAUSE -> control.get().pause();
            case RESUME -> control.get().resume();
            default -> throw new IllegalArgumentException(command.type() + " is not a control command");
        }
        LOG.info("{}: {} applied ({})", command.ref(), command.type(), command.eventId());
        return true;
    }

    @Override
    public void close() {
        running.all().forEach(PhaseControl::revoke);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Workers still busy after 30 s; interrupting them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
