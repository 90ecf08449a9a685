package io.backfill.planner.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.CheckResult;
import io.backfill.events.CheckStatus;
import io.backfill.events.CheckType;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plain parts of the dashboard's live side: change detection, throughput sampling, gate book. */
class FeedPartsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void reportsEveryBackfillFirstThenOnlyThoseWhoseVersionOrStateMovedOrThatWentAway() {
        // given
        Changes changes = new Changes();

        // when / then
        assertThat(changes.diff(Map.of("a", new Changes.Seen("RUNNING", 1), "b", new Changes.Seen("PLANNED", 1))))
                .extracting(Changes.Change::backfillId)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(changes.diff(Map.of("a", new Changes.Seen("RUNNING", 2), "b", new Changes.Seen("PLANNED", 1))))
                .containsExactly(new Changes.Change("change", "a", "RUNNING", 2));
        assertThat(changes.diff(Map.of("a", new Changes.Seen("PAUSED", 2))))
                .containsExactlyInAnyOrder(
                        new Changes.Change("change", "a", "PAUSED", 2), new Changes.Change("removed", "b", null, 0));
        assertThat(changes.diff(Map.of("a", new Changes.Seen("PAUSED", 2)))).isEmpty();
        assertThat(changes.snapshot()).containsExactly(new Changes.Change("change", "a", "PAUSED", 2));
    }

    @Test
    void keepsOnePointPerStepWithTheRateSinceTheLastAndABoundedTail() {
        // given: a point every 5 s, three kept
        Throughput throughput = new Throughput(Duration.ofSeconds(5), 3);

        // when: 10 partitions every 5 s, sampled every second; then a retry sends 5 back to PLANNED
        for (int s = 0; s <= 20; s++) {
            throughput.sample("a", s * 2, T0.plusSeconds(s));
        }
        throughput.sample("a", 35, T0.plusSeconds(25));

        // then
        assertThat(throughput.points("a"))
                .containsExactly(
                        new Throughput.Point(T0.plusSeconds(15), 30, 2.0),
                        new Throughput.Point(T0.plusSeconds(20), 40, 2.0),
                        new Throughput.Point(T0.plusSeconds(25), 35, 0.0));
        throughput.retain(Set.of("b"));
        assertThat(throughput.points("a")).isEmpty();
    }

    @Test
    void keepsTheLatestAttemptsDecisionWithFailuresFirstAndBoundedChecks() {
        // given
        GateBook book = new GateBook();
        List<CheckResult> checks = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            checks.add(check("rows@" + i, CheckStatus.PASS, "100", "100 ± 1%"));
        }
        checks.add(check("null_rate", CheckStatus.FAIL, "0.31", "≤ 0.05"));

        // when: attempt 2, then a late redelivery of attempt 1
        book.record(decision(2, GateOutcome.REJECT, checks));
        book.record(decision(1, GateOutcome.COMMIT, List.of()));

        // then
        GateBook.Decision d = book.decisions("b", List.of("b-p0", "b-p1")).get("b-p0");
        assertThat(book.decisions("b", List.of("b-p0", "b-p1"))).containsOnlyKeys("b-p0");
        assertThat(d.attempt()).isEqualTo(2);
        assertThat(d.outcome()).isEqualTo("REJECT");
        assertThat(d.checks()).hasSize(GateBook.CHECKS_KEPT);
        assertThat(d.checks().get(0))
                .isEqualTo(new GateBook.Check("null_rate", "NULL_RATE", null, "FAIL", "0.31", "≤ 0.05", null, null));
        assertThat(d.checksLeftOut()).isEqualTo(51);
    }

    private static CheckResult check(String name, CheckStatus status, String observed, String expected) {
        return CheckResult.newBuilder()
                .setName(name)
                .setType(CheckType.NULL_RATE)
                .setStatus(status)
                .setObserved(observed)
                .setExpected(expected)
                .build();
    }

    private static GateDecision decision(int attempt, GateOutcome outcome, List<CheckResult> checks) {
        return GateDecision.newBuilder()
                .setEventId("e" + attempt)
                .setDecisionId("b-p0#" + attempt)
                .setBackfillId("b")
                .setPhaseId("b-p0")
                .setAttempt(attempt)
                .setOutcome(outcome)
                .setChecks(checks)
                .setSummary(outcome.name())
                .setDecidedAt(T0.plusSeconds(attempt))
                .build();
    }
}
