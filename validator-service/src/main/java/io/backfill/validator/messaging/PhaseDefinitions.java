package io.backfill.validator.messaging;

import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the validator knows about every phase: the latest {@link PhasePlanned} per (phase, attempt), read
 * from {@code backfill-phases} (the planner's topic; the validator only reads it). A STAGED progress
 * event names a phase; its checks, partitions and target come from here.
 */
final class PhaseDefinitions {

    private final Map<String, PhasePlanned> byPhaseAndAttempt = new ConcurrentHashMap<>();

    void accept(String key, PhaseInstruction instruction) {
        if (instruction.getInstruction() instanceof PhasePlanned planned) {
            byPhaseAndAttempt.put(id(planned.getPhaseId(), planned.getAttempt()), planned);
        }
    }

    Optional<PhasePlanned> find(String phaseId, int attempt) {
        return Optional.ofNullable(byPhaseAndAttempt.get(id(phaseId, attempt)));
    }

    private static String id(String phaseId, int attempt) {
        return phaseId + "#" + attempt;
    }
}
