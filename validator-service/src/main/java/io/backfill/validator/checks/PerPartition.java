package io.backfill.validator.checks;

import io.backfill.core.Partition;
import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.warehouse.Failures;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a measurement on every partition of the phase in partition order, turning an exception on one
 * partition into an ERROR outcome for it, so one broken partition cannot hide the verdicts of the rest.
 */
final class PerPartition {

    private static final Logger LOG = LoggerFactory.getLogger(PerPartition.class);

    /** Judges one partition; may return several outcomes (one per metric) or throw. */
    @FunctionalInterface
    interface Measurement {
        List<CheckOutcome> judge(Partition partition);
    }

    private PerPartition() {}

    static List<CheckOutcome> each(CheckContext context, CheckDefinition def, String method, Measurement measurement) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (Partition partition : context.partitions()) {
            try {
                outcomes.addAll(measurement.judge(partition));
            } catch (RuntimeException e) {
                LOG.warn(
                        "Phase {} check {} could not measure partition {}: {}",
                        context.phaseId(),
                        def.name(),
                        partition.key(),
                        e.toString());
                outcomes.add(CheckOutcome.error(def, partition.key(), method, Failures.describe(e)));
            }
        }
        return outcomes;
    }

    static List<CheckOutcome> one(CheckOutcome outcome) {
        return List.of(outcome);
    }
}
