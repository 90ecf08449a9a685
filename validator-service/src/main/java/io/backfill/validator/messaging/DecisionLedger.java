package io.backfill.validator.messaging;

import io.backfill.events.GateDecision;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every decision already made, by (phase, attempt), rebuilt from {@code gate-decisions} on start and kept
 * current by the validator itself. It is what makes a redelivered STAGED event yield no second,
 * possibly different, decision.
 */
final class DecisionLedger {

    private final Map<String, GateDecision> byDecisionId = new ConcurrentHashMap<>();

    void accept(String key, GateDecision decision) {
        byDecisionId.putIfAbsent(decision.getDecisionId(), decision);
    }

    Optional<GateDecision> find(String decisionId) {
        return Optional.ofNullable(byDecisionId.get(decisionId));
    }

    Collection<GateDecision> all() {
        return byDecisionId.values();
    }

    static String decisionId(String phaseId, int attempt) {
        return phaseId + "#" + attempt;
    }
}
