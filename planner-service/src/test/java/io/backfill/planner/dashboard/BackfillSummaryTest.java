package io.backfill.planner.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.RolloutMode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackfillSummaryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static BackfillStatus.Builder status(BackfillState state) {
        return BackfillStatus.newBuilder()
                .setBackfillId("b")
                .setState(state)
                .setRolloutMode(RolloutMode.PUBLISH)
                .setPartitionsTotal(200)
                .setPartitionsStaged(0)
                .setPartitionsPublished(0)
                .setRowsWritten(0)
                .setComputeSeconds(0)
                .setReplans(0)
                .setPhaseCount(2)
                .setUpdatedAt(NOW)
                .setPartitionStates(Map.of("PLANNED", 150, "STAGED", 30, "PUBLISHED", 20));
    }

    @Test
    void countsEveryPartitionThatLeftPlannedAsDone() {
        BackfillSummary s = BackfillSummary.of(status(BackfillState.RUNNING).build());

        assertThat(s.done()).isEqualTo(50);
        assertThat(s.progress()).isEqualTo(0.25);
    }

    @Test
    void saysHowTheProjectionStandsAgainstTheDeadline() {
        Instant deadline = NOW.plusSeconds(3_600);

        BackfillSummary onTrack = BackfillSummary.of(status(BackfillState.RUNNING)
                .setDeadline(deadline)
                .setProjectedFinish(NOW.plusSeconds(600))
                .build());
        BackfillSummary atRisk = BackfillSummary.of(status(BackfillState.RUNNING)
                .setDeadline(deadline)
                .setProjectedFinish(deadline.plusSeconds(900))
                .build());
        BackfillSummary measuring = BackfillSummary.of(
                status(BackfillState.RUNNING).setDeadline(deadline).build());
        BackfillSummary open = BackfillSummary.of(status(BackfillState.RUNNING).build());
        BackfillSummary ended = BackfillSummary.of(
                status(BackfillState.COMPLETED).setDeadline(deadline).build());

        assertThat(onTrack.eta()).isEqualTo("ON_TRACK");
        assertThat(onTrack.slackSeconds()).isEqualTo(3_000);
        assertThat(atRisk.eta()).isEqualTo("AT_RISK");
        assertThat(atRisk.slackSeconds()).isEqualTo(-900);
        assertThat(measuring.eta()).isEqualTo("NO_PROJECTION");
        assertThat(open.eta()).isEqualTo("NO_DEADLINE");
        assertThat(ended.eta()).isEqualTo("ENDED");
        assertThat(ended.slackSeconds()).isNull();
    }
}
