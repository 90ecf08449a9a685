package io.backfill.cli;

/**
 * What {@code backfill} exits with, for scripts. Stable: documented in the README and {@code --help}.
 */
public final class ExitCodes {

    /** The command did what was asked (for {@code watch}: the backfill COMPLETED). */
    public static final int OK = 0;

    /** {@code watch} only: the backfill ended FAILED, CANCELLED, REJECTED or ROLLED_BACK. */
    public static final int BACKFILL_ENDED_BADLY = 1;

    /** Bad command line or bad request file (missing, unreadable, YAML/JSON syntax, refused by the planner's 400). */
    public static final int BAD_INPUT = 2;

    /** The planner could not be reached, timed out, or is still starting (503). */
    public static final int UNREACHABLE = 3;

    /** No backfill with that id. */
    public static final int NOT_FOUND = 4;

    /**
     * The planner refused the command for the backfill's current state (409: e.g. resume of a backfill that is
     * not paused), or a submitted id is already in use. The message names the state.
     */
    public static final int REFUSED = 6;

    /** The planner answered with an unexpected error (5xx other than 503, or a body the CLI cannot read). */
    public static final int PLANNER_ERROR = 5;

    /**
     * Not signed in (401): no credentials given, or the planner did not accept them (wrong password, an
     * expired token or one from an issuer it does not trust). Fix the credentials, not the command.
     */
    public static final int NOT_SIGNED_IN = 7;

    /** Signed in, but without the role this needs (403): viewer reads, submitter submits, operator commands. */
    public static final int FORBIDDEN = 8;

    private ExitCodes() {}
}
