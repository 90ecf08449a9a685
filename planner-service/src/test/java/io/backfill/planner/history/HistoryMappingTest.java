package io.backfill.planner.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.CheckResult;
import io.backfill.events.CheckStatus;
import io.backfill.events.CheckType;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryMappingTest {

    static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    final HistoryMapping mapping = new HistoryMapping();

    static BackfillStatus status(String state, List<String> problems, int replans) {
        return BackfillStatus.newBuilder()
                .setBackfillId("bf-1")
                .setState(BackfillState.valueOf(state))
                .setProblems(problems)
                .setPhaseCount(3)
                .setPartitionsTotal(6)
                .setReplans(replans)
                .setUpdatedAt(AT)
                .build();
    }

    @Test
    void aStatusBecomesAnEventOnlyWhenItsStateChangesOrItWasReplanned() {
        assertThat(mapping.map(Topics.BACKFILL_STATUS.name(), status("RUNNING", List.of(), 0), AT))
                .hasValueSatisfying(m -> assertThat(m.event().type()).isEqualTo("RUNNING"));
        assertThat(mapping.map(Topics.BACKFILL_STATUS.name(), status("RUNNING", List.of(), 0), AT.plusSeconds(1)))
                .isEmpty();
        assertThat(mapping.map(Topics.BACKFILL_STATUS.name(), status("RUNNING", List.of(), 1), AT.plusSeconds(2)))
                .hasValueSatisfying(m -> assertThat(m.event().type()).isEqualTo("REPLANNED"));
        assertThat(mapping.map(Topics.BACKFILL_STATUS.name(), status("PAUSED", List.of(), 1), AT.plusSeconds(3)))
                .hasValueSatisfying(m -> {
                    assertThat(m.event().type()).isEqualTo("PAUSED");
                    assertThat(m.event().details()).containsEntry("previousState", "RUNNING");
                });
    }

    @Test
    void aRejectionListsEveryProblem() {
        assertThat(mapping.map(
                        Topics.BACKFILL_STATUS.name(),
                        status("REJECTED", List.of("priority: 1000 is outside 0..100", "range: empty"), 0),
                        AT))
                .hasValueSatisfying(m -> {
                    assertThat(m.backfillId()).isEqualTo("bf-1");
                    assertThat(m.event().summary())
                            .isEqualTo("rejected: priority: 1000 is outside 0..100; range: empty");
                    assertThat(m.event().details())
                            .containsEntry("problems", List.of("priority: 1000 is outside 0..100", "range: empty"));
                });
    }

    @Test
    void aGateDecisionCarriesEveryChecksObservedAndExpectedValues() {
        GateDecision decision = GateDecision.newBuilder()
                .setEventId("e-1")
                .setDecisionId("bf-1-p0#1")
                .setBackfillId("bf-1")
                .setPhaseId("bf-1-p0")
                .setAttempt(1)
                .setOutcome(GateOutcome.REJECT)
                .setChecks(List.of(CheckResult.newBuilder()
                        .setName("revenue-present")
                        .setType(CheckType.NULL_RATE)
                        .setStatus(CheckStatus.FAIL)
                        .setPartition("2026-01-02")
                        .setObserved("0.25")
                        .setExpected("<= 0.0")
                        .build()))
                .setSummary("1 of 1 checks failed")
                .setDecidedAt(AT)
                .build();

        assertThat(mapping.map(Topics.GATE_DECISIONS.name(), decision, AT)).hasValueSatisfying(m -> {
            assertThat(m.event().type()).isEqualTo("GATE_REJECT");
            assertThat(m.event().phaseId()).isEqualTo("bf-1-p0");
            assertThat(m.event().summary()).isEqualTo("gate REJECT for phase bf-1-p0 attempt 1: 1 of 1 checks failed");
            assertThat(m.event().details().get("checks"))
                    .isEqualTo(List.of(Map.of(
                            "name", "revenue-present",
                            "type", "NULL_RATE",
                            "status", "FAIL",
                            "partition", "2026-01-02",
                            "observed", "0.25",
                            "expected", "<= 0.0")));
        });
    }

    @Test
    void ranksTheTopicsInTheOrderOfTheFlow() {
        assertThat(HistoryMapping.rank("backfill-requests")).isLessThan(HistoryMapping.rank("backfill-status"));
        assertThat(HistoryMapping.rank("backfill-status")).isLessThan(HistoryMapping.rank("backfill-phases"));
        assertThat(HistoryMapping.rank("phase-progress")).isLessThan(HistoryMapping.rank("gate-decisions"));
        assertThat(HistoryMapping.rank("gate-decisions")).isLessThan(HistoryMapping.rank("backfill-alerts"));
    }
}
