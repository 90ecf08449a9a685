package io.backfill.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How the CLI signs in to the planner: a bearer token (a JWT from your identity provider) or an embedded user
 * over HTTP Basic ({@code NAME:PASSWORD}, the dev and workbench identity store). The planner records the
 * principal it authenticates as who asked; the CLI never claims a name of its own.
 *
 * @param authorization the {@code Authorization} header value
 * @param who what to name in messages: the user's name, or "the token"; never the secret
 */
public record Credentials(String authorization, String who) {

    public static Credentials bearer(String token) {
        String bare = token.regionMatches(true, 0, "Bearer ", 0, 7)
                ? token.substring(7).strip()
                : token;
        return new Credentials("Bearer " + bare, "the token given");
    }

    /** {@code source} names where it came from ({@code --user} or {@code BACKFILL_USER}) for the error. */
    public static Credentials basic(String nameAndPassword, String source) {
        int colon = nameAndPassword.indexOf(':');
        if (colon < 1) {
            throw new CliException(
                    ExitCodes.BAD_INPUT,
                    source + " must be NAME:PASSWORD (an embedded user of the planner, e.g. operator:secret);"
                            + " to sign in with a token use --token or BACKFILL_TOKEN");
        }
        String name = nameAndPassword.substring(0, colon);
        return new Credentials(
                "Basic " + Base64.getEncoder().encodeToString(nameAndPassword.getBytes(StandardCharsets.UTF_8)),
                "user " + name);
    }
}
