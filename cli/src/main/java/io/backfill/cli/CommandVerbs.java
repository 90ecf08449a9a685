package io.backfill.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pause}, {@code resume}, {@code cancel}, {@code approve}: one command each, same shape. */
final class CommandVerbs {

    private CommandVerbs() {}

    abstract static class Verb implements Callable<Integer> {

        @ParentCommand
        BackfillCli cli;

        @Parameters(paramLabel = "BACKFILL_ID")
        String backfillId;

        abstract String verb();

        Map<String, String> query() {
            return Map.of();
        }

        @Override
        public Integer call() {
            PlannerClient client = cli.client();
            String eventId = client.command(backfillId, verb(), query());
            cli.out()
                    .println(verb().toUpperCase(java.util.Locale.ROOT) + " sent for " + backfillId + " (event "
                            + eventId + "); the planner applies it shortly: backfill status " + backfillId);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "No new phases; running phases stop at the next partition boundary (checkpointed).")
    static final class Pause extends Verb {
        @Override
        String verb() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused backfill.")
    static final class Resume extends Verb {
        @Override
        String verb() {
            return "resume";
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Abort running phases, discard staged ones, publish nothing more (published phases stay"
                    + " until rolled back).")
    static final class Cancel extends Verb {
        @Override
        String verb() {
            return "cancel";
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Let a CANARY backfill awaiting approval continue after its first phase.")
    static final class Approve extends Verb {
        @Override
        String verb() {
            return "approve";
        }
    }
}
