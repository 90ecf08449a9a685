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
 * ({@code --planner}, env {@code BACKFILL_PLANNER_URL}, default {@code http://localhost:8080}) and how to
 * sign in: a bearer token ({@code --token}, env {@code BACKFILL_TOKEN}) or an embedded user over Basic
 * ({@code --user NAME:PASSWORD}, env {@code BACKFILL_USER}). The planner records the signed-in principal as
 * who asked. Exit codes: {@link ExitCodes}.
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
            AdmissionCommand.Group.class,
            AdmissionCommand.Throttle.class,
            AdmissionCommand.Unthrottle.class,
            SchemasCommand.class
        },
        footer = {
            "",
            "%nExit codes:%n  0  ok (watch: the backfill COMPLETED)%n  1  watch: the backfill ended FAILED, CANCELLED, REJECTED or ROLLED_BACK%n  2  bad command line or request file (syntax, or refused by the planner)%n  3  planner unreachable, timed out or still starting%n  4  no such backfill%n  5  unexpected planner error%n  6  refused: the backfill's state does not take the command (or the id is in use)%n  7  not signed in: no credentials, or the planner did not accept them (401)%n  8  forbidden: signed in without the role this needs (403)"
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
            names = "--token",
            paramLabel = "TOKEN",
            description = "Bearer token (JWT) to sign in with (env BACKFILL_TOKEN); wins over --user",
            scope = CommandLine.ScopeType.INHERIT)
    String token;

    @Option(
            names = "--user",
            paramLabel = "NAME:PASSWORD",
            description = "Sign in as an embedded user over HTTP Basic (env BACKFILL_USER), e.g. operator:secret",
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
        return new PlannerClient(url, credentials(), Duration.ofSeconds(timeoutSeconds));
    }

    /**
     * How to sign in, or null when nothing was given (the planner then answers 401, and the message says how to
     * sign in). First of {@code --token}, {@code --user}, {@code BACKFILL_TOKEN}, {@code BACKFILL_USER}: the
     * command line over the environment, a token over a user.
     */
    Credentials credentials() {
        if (present(token)) {
            return Credentials.bearer(token.strip());
        }
        if (present(user)) {
            return Credentials.basic(user.strip(), "--user");
        }
        if (present(env.get("BACKFILL_TOKEN"))) {
            return Credentials.bearer(env.get("BACKFILL_TOKEN").strip());
        }
        if (present(env.get("BACKFILL_USER"))) {
            return Credentials.basic(env.get("BACKFILL_USER").strip(), "BACKFILL_USER");
        }
        return null;
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    PrintWriter out() {
        return commandLine.getOut();
    }

    PrintWriter err() {
        return commandLine.getErr();
    }
}
