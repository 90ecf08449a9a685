package io.backfill.planner.messaging;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.planner.domain.planning.Planner;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the planner holds in memory, for one rebuild: the domain {@link Planner}, the facts the
 * status shows beyond it ({@link StatusBook}), the requests as received, and while rebuilding the
 * statuses recorded before the restart. A rebuild (start, or after an aborted transaction) starts from a
 * fresh one; only the loop thread touches it.
 */
final class PlannerState {

    final Planner planner;
    final StatusBook book = new StatusBook();
    final Map<String, BackfillRequested> requests = new HashMap<>();
    /** The latest status per backfill as found on backfill-status when the rebuild started. */
    final Map<String, BackfillStatus> recordedStatus = new HashMap<>();
    /** The phase records on backfill-phase-status: read while rebuilding, kept current by every status write. */
    final PhaseRecords phaseRecords = new PhaseRecords();
    /** True while the history is replayed: outputs are derived, not sent (see {@link Delivery}). */
    boolean replaying;

    PlannerState(Clock clock, Planner.Settings settings) {
        this.planner = new Planner(clock, settings);
    }
}
