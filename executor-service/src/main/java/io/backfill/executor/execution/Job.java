package io.backfill.executor.execution;

import java.util.concurrent.CompletableFuture;

/**
 * One instruction being carried out off the polling thread. The consumer loop commits the
 * instruction's offset when {@link #done()} completes with {@link JobOutcome#COMMIT}, and calls
 * {@link #revoke()} when it loses the instruction's partition.
 */
public final class Job {

    private final String description;
    private final CompletableFuture<JobOutcome> done;
    private final Runnable revoke;

    Job(String description, CompletableFuture<JobOutcome> done, Runnable revoke) {
        this.description = description;
        this.done = done;
        this.revoke = revoke;
    }

    /** A job that finished on the spot (a duplicate, a control command, an instruction for another warehouse). */
    public static Job finished(String description, JobOutcome outcome) {
        return new Job(description, CompletableFuture.completedFuture(outcome), () -> {});
    }

    public CompletableFuture<JobOutcome> done() {
        return done;
    }

    /** Stops the job at its next safe point without an outcome (another instance takes over). */
    public void revoke() {
        revoke.run();
    }

    @Override
    public String toString() {
        return description;
    }
}
