package io.backfill.executor.messaging;

import io.backfill.events.Budget;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhasePlanned;
import io.backfill.executor.domain.phase.PhaseBudgets;
import io.backfill.executor.execution.CommandSpec;
import io.backfill.executor.execution.PhaseRef;
import io.backfill.executor.execution.PhaseSpec;
import io.backfill.messaging.mapping.CoreMapping;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Maps the Avro instructions of {@code backfill-phases} to the executor's own types. Tables and partitions
 * go through {@link CoreMapping}, which validates what the schema cannot (partition keys of the grain,
 * identifiers, time zone) and throws {@link IllegalArgumentException} naming the problem.
 */
final class InstructionMapping {

    private InstructionMapping() {}

    static PhaseRef ref(PhasePlanned p) {
        return new PhaseRef(p.getBackfillId(), p.getPhaseId(), p.getAttempt());
    }

    static PhaseRef ref(PhaseCommand c) {
        return new PhaseRef(c.getBackfillId(), c.getPhaseId(), c.getAttempt());
    }

    static PhaseSpec phase(PhasePlanned p) {
        Budget budget = p.getBudget();
        return new PhaseSpec(
                p.getEventId(),
                ref(p),
                p.getWarehouseId(),
                CoreMapping.table(p.getTarget()),
                p.getPartitionColumn(),
                CoreMapping.partitions(p.getGrain(), p.getTimeZone(), p.getPartitions()),
                p.getTransformationSql(),
                PhaseBudgets.of(
                        budget.getMaxConcurrentStatements(),
                        budget.getMaxPartitionsPerSecond(),
                        budget.getMaxRowsPerSecond()),
                budget.getMaxComputeSeconds() == null
                        ? OptionalDouble.empty()
                        : OptionalDouble.of(budget.getMaxComputeSeconds()),
                budget.getStatementTimeoutSeconds() == null || budget.getStatementTimeoutSeconds() <= 0
                        ? Optional.empty()
                        : Optional.of(Duration.ofSeconds(budget.getStatementTimeoutSeconds())));
    }

    static CommandSpec command(PhaseCommand c) {
        return new CommandSpec(
                c.getEventId(),
                ref(c),
                CommandSpec.Type.valueOf(c.getType().name()),
                CoreMapping.table(c.getTarget()),
                c.getPartitionColumn(),
                CoreMapping.partitions(c.getGrain(), c.getTimeZone(), c.getPartitions()),
                c.getReason());
    }
}
