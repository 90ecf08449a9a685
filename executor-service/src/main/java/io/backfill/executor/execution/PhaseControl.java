package io.backfill.executor.execution;

import io.backfill.executor.domain.admission.PartitionPacer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The switches of one running phase, flipped from outside its runner: PAUSE / RESUME / ABORT
 * commands from the planner, and revocation when this instance loses the phase's Kafka partition
 * (or shuts down). The runner looks at them at every partition boundary, so a partition already
 * running always finishes (its staging is one transaction; cutting it would only waste it).
 */
public final class PhaseControl {

    private final PhaseRef ref;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean commandPaused;
    private String abortReason;
    private boolean revoked;
    private PartitionPacer.Lane lane;

    public PhaseControl(PhaseRef ref) {
        this.ref = ref;
    }

    public PhaseRef ref() {
        return ref;
    }

    /** Ties the pacer lane to the switches: abort and revocation also stop a worker waiting for a permit. */
    void attach(PartitionPacer.Lane attached) {
        lock.lock();
        try {
            this.lane = attached;
            if (abortReason != null || revoked) {
                attached.stop();
            }
        } finally {
            lock.unlock();
        }
    }

    public void pause() {
        update(() -> commandPaused = true);
    }

    public void resume() {
        update(() -> commandPaused = false);
    }

    /** Stops the phase at the next partition boundary; it then reports FAILED (not retriable) with the reason. */
    public void abort(String reason) {
        update(() -> {
            if (abortReason == null) {
                abortReason = reason == null || reason.isBlank() ? "aborted by the planner" : reason;
            }
        });
        stopLane();
    }

    /** Stops the phase at the next partition boundary without reporting anything: another instance resumes it. */
    public void revoke() {
        update(() -> revoked = true);
        stopLane();
    }

    public boolean isRevoked() {
        lock.lock();
        try {
            return revoked;
        } finally {
            lock.unlock();
        }
    }

    public Optional<String> abortReason() {
        lock.lock();
        try {
            return Optional.ofNullable(abortReason);
        } finally {
            lock.unlock();
        }
    }

    /** True when no further partition may start: aborted or revoked. */
    public boolean stopping() {
        lock.lock();
        try {
            return revoked || abortReason != null;
        } finally {
            lock.unlock();
        }
    }

    public boolean isCommandPaused() {
        lock.lock();
        try {
            return commandPaused && !revoked && abortReason == null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits (at most {@code atMost}) for a RESUME, ABORT or revocation while paused by command. */
    void awaitChange(Duration atMost) throws InterruptedException {
        lock.lock();
        try {
            if (commandPaused && !revoked && abortReason == null) {
                changed.await(atMost.toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void stopLane() {
        PartitionPacer.Lane current;
        lock.lock();
        try {
            current = lane;
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.stop();
        }
    }
}
