package io.backfill.executor.execution;

import io.backfill.core.Partition;
import io.backfill.core.TableRef;
import io.backfill.executor.domain.admission.PhaseBudget;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A phase to stage, as the executor needs it (mapped from {@code PhasePlanned} at the messaging edge).
 *
 * @param eventId the PhasePlanned event's id
 * @param maxComputeSeconds statement seconds the phase may spend in total; staging stops with a
 *     non-retriable FAILED once they are used up (empty: no limit)
 * @param statementTimeout the phase's own statement timeout for staging (empty: the instance's
 *     {@code backfill.warehouse.statement-timeout}); the requester knows how long one partition takes
 */
public record PhaseSpec(
        String eventId,
        PhaseRef ref,
        String warehouseId,
        TableRef target,
        String partitionColumn,
        List<Partition> partitions,
        String transformationSql,
        PhaseBudget budget,
        OptionalDouble maxComputeSeconds,
        Optional<Duration> statementTimeout) {

    public PhaseSpec {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(partitionColumn, "partitionColumn");
        Objects.requireNonNull(transformationSql, "transformationSql");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(maxComputeSeconds, "maxComputeSeconds");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        partitions = List.copyOf(partitions);
    }

    public String phaseId() {
        return ref.phaseId();
    }

    public List<String> partitionKeys() {
        return partitions.stream().map(Partition::key).toList();
    }
}
