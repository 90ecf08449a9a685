package io.backfill.planner.domain.projection;

import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.lifecycle.PhaseRun;
import io.backfill.planner.domain.projection.Alert.AlertType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides when a released phase counts as stuck: in flight with no progress event for
 * {@code stuckAfter}. Alerts once per silence: it remembers the progress time it alerted on, and
 * any later progress re-arms it. A crashed executor, a lost message or a gate that never decides
 * all look the same from here, which is why the alert names the phase's state.
 */
public final class StuckPhaseDetector {

    private final Duration stuckAfter;
    private final Map<String, Instant> alertedAt = new HashMap<>();

    public StuckPhaseDetector(Duration stuckAfter) {
        this.stuckAfter = Objects.requireNonNull(stuckAfter, "stuckAfter");
    }

    public List<Alert> check(BackfillRun run, Instant now) {
        List<Alert> alerts = new ArrayList<>();
        for (PhaseRun phase : run.phases()) {
            String key = phase.phaseId();
            if (!phase.status().isInFlight() || phase.lastProgressAt() == null) {
                alertedAt.remove(key);
                continue;
            }
            Instant last = phase.lastProgressAt();
            boolean silent = !last.plus(stuckAfter).isAfter(now);
            if (silent && !last.equals(alertedAt.get(key))) {
                alertedAt.put(key, last);
                alerts.add(new Alert(
                        AlertType.STUCK_PHASE,
                        run.id(),
                        Optional.of(key),
                        now,
                        "phase " + key + " is " + phase.status() + " with no progress since " + last + " ("
                                + Duration.between(last, now).toMinutes() + " min)",
                        Optional.empty()));
            }
        }
        return alerts;
    }
}
