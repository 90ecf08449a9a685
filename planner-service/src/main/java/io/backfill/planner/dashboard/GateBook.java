package io.backfill.planner.dashboard;

import io.backfill.events.CheckResult;
import io.backfill.events.GateDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest gate decision of every phase, with every check's observed and expected values, as the
 * validator wrote it to {@code gate-decisions} (the phase records on {@code backfill-phase-status} keep
 * only the verdict and the failed checks). A newer attempt replaces an older one; a redelivered older
 * decision is ignored. At most {@link #CHECKS_KEPT} checks are kept per phase, failures first, so memory
 * stays bounded when a check runs per partition over a large phase; {@code checksLeftOut} says how many
 * were dropped.
 */
public final class GateBook {

    static final int CHECKS_KEPT = 100;

    /** One check as the page shows it. */
    public record Check(
            String name,
            String type,
            String partition,
            String status,
            String observed,
            String expected,
            String method,
            String detail) {}

    /** A phase's latest decision. */
    public record Decision(
            String phaseId,
            int attempt,
            String outcome,
            String summary,
            Instant decidedAt,
            List<Check> checks,
            int checksLeftOut) {}

    private static final Comparator<CheckResult> FAILURES_FIRST = Comparator.comparingInt(c -> switch (c.getStatus()) {
        case ERROR -> 0;
        case FAIL -> 1;
        case WARN -> 2;
        case PASS -> 3;
    });

    private final Map<String, Map<String, Decision>> byBackfill = new HashMap<>();

    public synchronized void record(GateDecision d) {
        Map<String, Decision> phases = byBackfill.computeIfAbsent(d.getBackfillId(), id -> new HashMap<>());
        Decision known = phases.get(d.getPhaseId());
        if (known != null
                && (d.getAttempt() < known.attempt()
                        || (d.getAttempt() == known.attempt()
                                && d.getDecidedAt().isBefore(known.decidedAt())))) {
            return;
        }
        List<CheckResult> sorted = new ArrayList<>(d.getChecks());
        sorted.sort(FAILURES_FIRST);
        List<Check> checks = sorted.stream()
                .limit(CHECKS_KEPT)
                .map(c -> new Check(
                        c.getName(),
                        c.getType().name(),
                        c.getPartition(),
                        c.getStatus().name(),
                        c.getObserved(),
                        c.getExpected(),
                        c.getMethod(),
                        c.getDetail()))
                .toList();
        phases.put(
                d.getPhaseId(),
                new Decision(
                        d.getPhaseId(),
                        d.getAttempt(),
                        d.getOutcome().name(),
                        d.getSummary(),
                        d.getDecidedAt(),
                        checks,
                        sorted.size() - checks.size()));
    }

    /** Forgets the decisions of backfills no longer in the status view. */
    public synchronized void retain(java.util.Set<String> backfillIds) {
        byBackfill.keySet().retainAll(backfillIds);
    }

    /** The latest decision of each of {@code phaseIds} that has one. */
    public synchronized Map<String, Decision> decisions(String backfillId, List<String> phaseIds) {
        Map<String, Decision> phases = byBackfill.getOrDefault(backfillId, Map.of());
        Map<String, Decision> out = new HashMap<>();
        for (String phaseId : phaseIds) {
            Decision d = phases.get(phaseId);
            if (d != null) {
                out.put(phaseId, d);
            }
        }
        return out;
    }
}
