package io.backfill.planner.domain.projection;

import io.backfill.planner.domain.projection.Alert.AlertType;
import io.backfill.planner.domain.window.WindowPolicy;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Projects each backfill's finish and decides when to raise DEADLINE_AT_RISK: as soon as the
 * projection passes the deadline, once per crossing. It remembers which backfills are currently at
 * risk, so a projection that stays late does not alert on every tick, and one that recovers and
 * slips again alerts again.
 *
 * <p>The projection lays the remaining work (remaining partitions × observed seconds per
 * partition) over the backfill's windows, so only window hours count.
 */
public final class DeadlineWatch {

    private final Set<String> atRisk = new HashSet<>();

    /** The finish if the remaining partitions run at the estimated rate inside the windows. */
    public static Optional<Instant> projectFinish(
            Instant now, long remainingPartitions, ThroughputEstimate estimate, WindowPolicy windows) {
        return windows.finishAfter(now, estimate.remainingWork(remainingPartitions));
    }

    /** An alert when this projection newly crosses {@code deadline}; empty otherwise. */
    public Optional<Alert> check(
            String backfillId,
            Instant now,
            Instant deadline,
            long remainingPartitions,
            ThroughputEstimate estimate,
            WindowPolicy windows) {
        Optional<Instant> finish = projectFinish(now, remainingPartitions, estimate, windows);
        boolean late = finish.map(f -> f.isAfter(deadline)).orElse(true);
        if (!late) {
            atRisk.remove(backfillId);
            return Optional.empty();
        }
        if (!atRisk.add(backfillId)) {
            return Optional.empty();
        }
        String projection = finish.map(f -> "projected to finish at " + f).orElse("cannot finish within its windows");
        return Optional.of(new Alert(
                AlertType.DEADLINE_AT_RISK,
                backfillId,
                Optional.empty(),
                now,
                "backfill " + backfillId + " " + projection + ", after its deadline " + deadline + " ("
                        + remainingPartitions + " partitions left at "
                        + String.format("%.1f", estimate.secondsPerPartition())
                        + " s each)",
                finish));
    }

    /** Stop tracking a finished backfill. */
    public void forget(String backfillId) {
        atRisk.remove(backfillId);
    }
}
