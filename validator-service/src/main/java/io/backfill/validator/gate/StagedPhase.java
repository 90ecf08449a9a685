package io.backfill.validator.gate;

import io.backfill.core.Partition;
import io.backfill.validator.domain.CheckDefinition;
import io.backfill.warehouse.TargetTable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A phase whose partitions are all staged and await the gate: what a STAGED progress event and its
 * backfill request say about it.
 *
 * @param target the described target table
 * @param backfillId the backfill, for logs
 * @param phaseId the phase
 * @param attempt which attempt of the phase was staged, for logs
 * @param partitions the staged partitions
 * @param transformationSql the backfill's transformation
 * @param checks the checks the request declared, in declaration order
 * @param asOf "now" for the checks; pass the STAGED event's timestamp so that a redelivered event is judged
 *     against the same instant and yields the same verdict
 */
public record StagedPhase(
        TargetTable target,
        String backfillId,
        String phaseId,
        int attempt,
        List<Partition> partitions,
        String transformationSql,
        List<CheckDefinition> checks,
        Instant asOf) {

    public StagedPhase {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(backfillId, "backfillId");
        Objects.requireNonNull(phaseId, "phaseId");
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalArgumentException("phase " + phaseId + " has no partitions to validate");
        }
        partitions = partitions.stream().sorted().toList();
        Objects.requireNonNull(transformationSql, "transformationSql");
        checks = List.copyOf(checks);
        Objects.requireNonNull(asOf, "asOf");
    }
}
