package io.backfill.validator.checks;

import io.backfill.core.Partition;
import io.backfill.validator.domain.MetricHistory;
import io.backfill.warehouse.CheckQueries;
import io.backfill.warehouse.TargetTable;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Everything a check needs to judge one staged phase.
 *
 * @param queries the warehouse's check queries
 * @param target the described target table
 * @param phaseId the phase under test, for logs
 * @param partitions the phase's staged partitions, in time order
 * @param transformationSql the backfill's transformation, the default source of source-side checks
 * @param clock "now" for "not in the future"; fixed at the STAGED event's time so a redelivered event is
 *     judged the same way
 * @param history earlier committed metric values, for anomaly scores
 * @param sourceAggregates source-side sums
 */
public record CheckContext(
        CheckQueries queries,
        TargetTable target,
        String phaseId,
        List<Partition> partitions,
        String transformationSql,
        Clock clock,
        MetricHistory history,
        SourceAggregates sourceAggregates) {

    public CheckContext {
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(phaseId, "phaseId");
        partitions = partitions.stream().sorted().toList();
        Objects.requireNonNull(transformationSql, "transformationSql");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(sourceAggregates, "sourceAggregates");
    }
}
