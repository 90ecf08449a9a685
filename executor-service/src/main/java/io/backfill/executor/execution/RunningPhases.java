package io.backfill.executor.execution;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The phases this instance is running now, by phase id, so control commands (PAUSE, RESUME, ABORT)
 * can reach them. Thread-safe.
 */
public final class RunningPhases {

    private final ConcurrentMap<String, PhaseControl> byPhase = new ConcurrentHashMap<>();

    /** Registers a starting phase; empty if the same phase already runs here (a duplicate delivery). */
    Optional<PhaseControl> register(PhaseRef ref) {
        PhaseControl control = new PhaseControl(ref);
        return byPhase.putIfAbsent(ref.phaseId(), control) == null ? Optional.of(control) : Optional.empty();
    }

    void unregister(PhaseControl control) {
        byPhase.remove(control.ref().phaseId(), control);
    }

    public Optional<PhaseControl> get(String phaseId) {
        return Optional.ofNullable(byPhase.get(phaseId));
    }

    public Collection<PhaseControl> all() {
        return List.copyOf(byPhase.values());
    }

    public int size() {
        return byPhase.size();
    }
}
