package io.backfill.planner.domain.lifecycle;

import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import java.util.Optional;

/**
 * Which command a backfill in a given state takes. {@link BackfillRun} applies commands by these rules, and
 * the REST API answers 409 by the same rules before it publishes one, so the two never disagree about what
 * is allowed (the planner still decides on its own, newer state).
 */
public final class CommandRules {

    private CommandRules() {}

    /**
     * Why {@code command} is refused for a backfill in {@code state}, empty when it is allowed.
     *
     * @param anyPhaseReleased whether an executor has been given any phase of it (ROLLBACK needs one)
     */
    public static Optional<String> refusal(Command command, BackfillStatus state, boolean anyPhaseReleased) {
        boolean allowed = switch (command) {
            case PAUSE ->
                state == BackfillStatus.PLANNED
                        || state == BackfillStatus.RUNNING
                        || state == BackfillStatus.AWAITING_APPROVAL;
            case RESUME -> state == BackfillStatus.PAUSED;
            case APPROVE -> state == BackfillStatus.AWAITING_APPROVAL;
            case CANCEL -> !state.isTerminal();
            case ROLLBACK ->
                state != BackfillStatus.REJECTED && state != BackfillStatus.ROLLED_BACK && anyPhaseReleased;
        };
        if (allowed) {
            return Optional.empty();
        }
        String why = "cannot " + verb(command) + " a backfill while it is " + state;
        if (command == Command.ROLLBACK && !anyPhaseReleased && state != BackfillStatus.ROLLED_BACK) {
            why += ": none of its phases was released, so there is nothing to roll back";
        }
        return Optional.of(why);
    }

    static String verb(Command command) {
        return switch (command) {
            case PAUSE -> "pause";
            case RESUME -> "resume";
            case CANCEL -> "cancel";
            case APPROVE -> "approve";
            case ROLLBACK -> "roll back";
        };
    }
}
