package io.backfill.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backfill}: the command-line client of the planner's REST API. Global options name the planner
 * ({@code --planner}, env {@code BACKFILL_PLANNER_URL}, default {@code http://localhost:8080}) and the
 * user commands are recorded under ({@code --user}, env {@code BACKFILL_USER}, default the OS user).
 * Exit codes: {@link ExitCodes}.
 */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        version = "backfill 0.1.0",
        description = "Submit, follow and steer backfills through the planner's REST API.",
        subcommands = {
            SubmitCommand.class,
            StatusCommand.class,
            WatchCommand.class,
            HistoryCommand.class,
            CommandVerbs.Pause.class,
            CommandVerbs.Resume.class,
            CommandVerbs.Cancel.class,
            CommandVerbs.Approve.class,
            RollbackCommand.class,
            SchemasCommand.class
        },
        footer = {
            "",
            "%nExit codes:%n  0  ok (watch: the backfill COMPLETED)%n  1  watch: the backfill ended FAILED, CANCELLED, REJECTED or ROLLED_BACK%n  2  bad command line or request file (syntax, or refused by the planner)%n  3  planner unreachable, timed out or still starting%n  4  no such backfill%n  5  unexpected planner error%n  6  refused: the backfill's state does not take the command (or the id is in use)"
        })
public final class BackfillCli implements Runnable {

    static final String DEFAULT_PLANNER = "http://localhost:8080";

    @Option(
            names = "--planner",
            paramLabel = "URL",
            description = "Planner base URL (env BACKFILL_PLANNER_URL; default " + DEFAULT_PLANNER + ")",
            scope = CommandLine.ScopeType.INHERIT)
    String planner;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description = "Who is asking, recorded with every command and request (env BACKFILL_USER; default"
                    + " the OS user)",
            scope = CommandLine.ScopeType.INHERIT)
    String user;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "How long one HTTP call may take (default ${DEFAULT-VALUE})",
            scope = CommandLine.ScopeType.INHERIT)
    int timeoutSeconds;

    final Map<String, String> env;
    final Sleeper sleeper;
    private CommandLine commandLine;

    BackfillCli(Map<String, String> env, Sleeper sleeper) {
        this.env = env;
        this.sleeper = sleeper;
    }

    /** Waits between polls; tests replace it so they never sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Really waits: what the command line uses (tests of the CLI alone pass a recording one). */
    public static final Sleeper REAL_TIME = duration -> Thread.sleep(duration.toMillis());

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.getenv(), REAL_TIME));
    }

    /** Runs one command line; returns the exit code (see {@link ExitCodes}). Used by main and tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Sleeper sleeper) {
        BackfillCli cli = new BackfillCli(env, sleeper);
        CommandLine commandLine = new CommandLine(cli);
        cli.commandLine = commandLine;
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliException failure) {
                line.getErr().println("error: " + failure.getMessage());
                return failure.exitCode();
            }
            line.getErr().println("error: unexpected " + e);
            return ExitCodes.PLANNER_ERROR;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        // "backfill" alone: say what it can do.
        commandLine.usage(commandLine.getOut());
    }

    PlannerClient client() {
        String url = planner != null ? planner : env.getOrDefault("BACKFILL_PLANNER_URL", DEFAULT_PLANNER);
        if (url.isBlank()) {
            url = DEFAULT_PLANNER;
        }
        if (timeoutSeconds < 1) {
            throw new CliException(ExitCodes.BAD_INPUT, "--timeout must be at least 1 second");
        }
        return new PlannerClient(url, user(), Duration.ofSeconds(timeoutSeconds));
    }

    String user() {
        if (user != null && !user.isBlank()) {
            return user;
        }
        String fromEnv = env.get("BACKFILL_USER");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : System.getProperty("user.name", "anonymous");
    }

    PrintWriter out() {
        return commandLine.getOut();
    }

    PrintWriter err() {
        return commandLine.getErr();
    }
}
