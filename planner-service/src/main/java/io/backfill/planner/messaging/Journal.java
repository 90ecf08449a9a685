package io.backfill.planner.messaging;

import io.backfill.events.PhasePlanned;
import io.backfill.planner.domain.planning.Step;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The releases found on {@code backfill-phases}, the planner's own journal, while rebuilding: each is
 * restored into the planner once, at its place in time, never decided again. A progress report or gate
 * decision about a phase attempt always comes after that attempt's release, whatever the clocks say,
 * so {@link #restoreBefore} restores a release early when such a report arrives first.
 */
final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /** A release as journalled: what was sent and when. */
    record Release(PhasePlanned planned, Instant at) {}

    private final PlannerState state;
    private final Delivery delivery;
    private final Map<String, Release> releases = new LinkedHashMap<>();
    private final Set<String> restored = new HashSet<>();

    Journal(PlannerState state, Delivery delivery) {
        this.state = state;
        this.delivery = delivery;
    }

    void add(PhasePlanned planned, Instant at) {
        releases.put(key(planned.getPhaseId(), planned.getAttempt()), new Release(planned, at));
    }

    Collection<Release> releases() {
        return releases.values();
    }

    void restore(Release release) {
        if (!restored.add(key(release.planned().getPhaseId(), release.planned().getAttempt()))) {
            return;
        }
        Step step = state.planner.restoreRelease(
                release.planned().getBackfillId(), release.planned().getPhaseId(), release.at());
        step.refusal().ifPresent(why -> LOG.warn("Replay: {}", why));
        delivery.deliver(step, "restore", null, false);
    }

    /** While replaying: restores the release of this phase attempt now if it is journalled and not restored yet. */
    void restoreBefore(String phaseId, int attempt) {
        Release release = releases.get(key(phaseId, attempt));
        if (state.replaying && release != null) {
            restore(release);
        }
    }

    private static String key(String phaseId, int attempt) {
        return phaseId + "#" + attempt;
    }
}
