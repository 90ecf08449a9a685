package io.backfill.cli;

import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backfill rollback ID [--phase P | --partition X]}. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Restore the previous contents of what the backfill published: all of it, one phase, or one partition.",
            "In-flight work of a whole-backfill rollback is aborted and discarded first."
        })
final class RollbackCommand extends CommandVerbs.Verb {

    static final class Scope {
        @Option(names = "--phase", paramLabel = "PHASE_ID", description = "Only this phase")
        String phaseId;

        @Option(
                names = "--partition",
                paramLabel = "KEY",
                description = "Only this partition, by its key (e.g. 2026-01-15 for a DAY grain)")
        String partition;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Scope scope;

    @Override
    String verb() {
        return "rollback";
    }

    @Override
    Map<String, String> query() {
        if (scope == null) {
            return Map.of();
        }
        return PlannerClient.query("phaseId", scope.phaseId, "partition", scope.partition);
    }
}
