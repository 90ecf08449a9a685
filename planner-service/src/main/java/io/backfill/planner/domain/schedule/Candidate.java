package io.backfill.planner.domain.schedule;

import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.window.WindowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One backfill as the {@link PhaseScheduler} sees it in a round.
 *
 * @param releasablePhaseIds phases the lifecycle allows now, in order (empty when paused, awaiting
 *     approval, waiting for a canary, ...); see {@link BackfillRun#releasablePhaseIds}
 * @param inFlight phases released and not finished; counts against both caps
 * @param remainingWork estimated open-window time still needed at the observed rate
 * @param lastServedAt when it last got a release (or was planned, if never): the starvation clock
 */
public record Candidate(
        String backfillId,
        int priority,
        Optional<Instant> deadline,
        WindowPolicy windows,
        int maxPhasesInFlight,
        int inFlight,
        List<String> releasablePhaseIds,
        Duration remainingWork,
        Instant lastServedAt) {

    public Candidate {
        Objects.requireNonNull(backfillId, "backfillId");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(remainingWork, "remainingWork");
        Objects.requireNonNull(lastServedAt, "lastServedAt");
        deadline = deadline == null ? Optional.empty() : deadline;
        releasablePhaseIds = List.copyOf(releasablePhaseIds);
    }

    /** Reads what the scheduler needs from a run; the caller supplies the estimates it keeps. */
    public static Candidate of(BackfillRun run, Instant now, Duration remainingWork, Instant lastServedAt) {
        return new Candidate(
                run.id(),
                run.spec().priority(),
                run.spec().deadline(),
                run.spec().windowPolicy(),
                run.spec().budgets().maxPhasesInFlight(),
                run.inFlight(),
                run.releasablePhaseIds(now),
                remainingWork,
                lastServedAt);
    }
}
