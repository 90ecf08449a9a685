package io.backfill.planner.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import org.junit.jupiter.api.Test;

class CommandRulesTest {

    @Test
    void pausesOnlyWhatCanStillRelease() {
        assertThat(CommandRules.refusal(Command.PAUSE, BackfillStatus.RUNNING, true))
                .isEmpty();
        assertThat(CommandRules.refusal(Command.PAUSE, BackfillStatus.PLANNED, false))
                .isEmpty();
        assertThat(CommandRules.refusal(Command.PAUSE, BackfillStatus.COMPLETED, true))
                .contains("cannot pause a backfill while it is COMPLETED");
    }

    @Test
    void resumesOnlyAPausedBackfillAndApprovesOnlyOneAwaitingApproval() {
        assertThat(CommandRules.refusal(Command.RESUME, BackfillStatus.PAUSED, true))
                .isEmpty();
        assertThat(CommandRules.refusal(Command.RESUME, BackfillStatus.RUNNING, true))
                .contains("cannot resume a backfill while it is RUNNING");
        assertThat(CommandRules.refusal(Command.APPROVE, BackfillStatus.AWAITING_APPROVAL, true))
                .isEmpty();
        assertThat(CommandRules.refusal(Command.APPROVE, BackfillStatus.PAUSED, true))
                .contains("cannot approve a backfill while it is PAUSED");
    }

    @Test
    void cancelsAnythingNotFinished() {
        assertThat(CommandRules.refusal(Command.CANCEL, BackfillStatus.QUEUED, false))
                .isEmpty();
        assertThat(CommandRules.refusal(Command.CANCEL, BackfillStatus.REJECTED, false))
                .contains("cannot cancel a backfill while it is REJECTED");
    }

    @Test
    void rollsBackOnlyWhatReleasedSomethingAndWasNotRolledBackYet() {
        assertThat(CommandRules.refusal(Command.ROLLBACK, BackfillStatus.COMPLETED, true))
                .isEmpty();
        assertThat(CommandRules.refusal(Command.ROLLBACK, BackfillStatus.PLANNED, false))
                .contains("cannot roll back a backfill while it is PLANNED: none of its phases was released, so"
                        + " there is nothing to roll back");
        assertThat(CommandRules.refusal(Command.ROLLBACK, BackfillStatus.ROLLED_BACK, true))
                .contains("cannot roll back a backfill while it is ROLLED_BACK");
    }
}
