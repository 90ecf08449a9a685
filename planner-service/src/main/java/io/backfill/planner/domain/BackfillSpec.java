package io.backfill.planner.domain;

import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.planner.domain.window.WindowPolicy;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a user asked for: which partitions of which table to recompute with which SQL, how
 * urgently, under which limits and windows, and how far to roll it out.
 *
 * <p>Deliberately accepts any values, nulls included: it is the input of
 * {@link io.backfill.planner.domain.validation.SpecValidator}, which must be able to report
 * <em>every</em> problem of a bad request rather than the first one a constructor would throw on.
 *
 * @param priority higher is more important; see the validator for the allowed range
 * @param deadline when the backfill should be finished, if the requester cares
 * @param transformationSql SQL producing one partition's rows, with bound parameters
 *     {@code :partition_start} and {@code :partition_end}
 * @param dependsOn ids of backfills that must complete before this one starts
 */
public record BackfillSpec(
        String backfillId,
        TableRef target,
        String partitionColumn,
        PartitionRange range,
        String transformationSql,
        int priority,
        Optional<Instant> deadline,
        Budgets budgets,
        WindowPolicy windowPolicy,
        RolloutMode rolloutMode,
        boolean requireApproval,
        FailurePolicy failurePolicy,
        Set<String> dependsOn,
        String requester) {

    public BackfillSpec {
        deadline = deadline == null ? Optional.empty() : deadline;
        dependsOn = dependsOn == null ? Set.of() : Set.copyOf(dependsOn);
    }
}
