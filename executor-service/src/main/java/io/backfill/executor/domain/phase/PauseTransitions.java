package io.backfill.executor.domain.phase;

import java.util.Objects;
import java.util.Optional;

/**
 * Turns a stream of "paused because X / running" observations into PAUSED and RESUMED progress
 * events: one PAUSED when a phase stops being admitted (with the reason), one RESUMED when it is
 * admitted again, nothing while the state stays the same. A change of reason while paused (hard
 * ceiling, then stale samples) is reported as a new PAUSED so the audit trail says why it waited.
 * Not thread-safe: one phase runner owns it.
 */
public final class PauseTransitions {

    /** What to report after an observation. */
    public sealed interface Change {
        record Paused(String reason) implements Change {}

        record Resumed(String reason) implements Change {}
    }

    private String pausedFor;

    /** The phase is held back for {@code reason}. */
    public Optional<Change> paused(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.equals(pausedFor)) {
            return Optional.empty();
        }
        pausedFor = reason;
        return Optional.of(new Change.Paused(reason));
    }

    /** The phase may start partitions again. */
    public Optional<Change> running() {
        if (pausedFor == null) {
            return Optional.empty();
        }
        String was = pausedFor;
        pausedFor = null;
        return Optional.of(new Change.Resumed(was));
    }

    public boolean isPaused() {
        return pausedFor != null;
    }
}
