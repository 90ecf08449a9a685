package io.backfill.validator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricHistoryTest {

    private static final TableRef EVENTS = new TableRef("wh", "events");
    private static final CheckDefinition ANOMALY =
            CheckDefinition.builder("shape", CheckType.ANOMALY).build();

    private final InMemoryMetricHistory history = new InMemoryMetricHistory(3);

    @Test
    void republishedPartitionReplacesItsEarlierValue() {
        // given
        history.record(EVENTS, Metrics.ROW_COUNT, new MetricPoint("2026-03-01", "p1", 10));
        history.record(EVENTS, Metrics.ROW_COUNT, new MetricPoint("2026-03-02", "p1", 11));

        // when
        history.record(EVENTS, Metrics.ROW_COUNT, new MetricPoint("2026-03-01", "p2", 12));

        // then
        assertThat(history.points(EVENTS, Metrics.ROW_COUNT))
                .containsExactly(new MetricPoint("2026-03-02", "p1", 11), new MetricPoint("2026-03-01", "p2", 12));
        assertThat(history.points(EVENTS, Metrics.sum("amount"))).isEmpty();
        assertThat(history.points(new TableRef("wh", "other"), Metrics.ROW_COUNT))
                .isEmpty();
    }

    @Test
    void keepsOnlyTheNewestPointsPerMetric() {
        // when
        for (int day = 1; day <= 5; day++) {
            history.record(EVENTS, Metrics.ROW_COUNT, new MetricPoint("2026-03-0" + day, "p", day));
        }

        // then
        assertThat(history.points(EVENTS, Metrics.ROW_COUNT))
                .extracting(MetricPoint::partitionKey)
                .containsExactly("2026-03-03", "2026-03-04", "2026-03-05");
    }

    @Test
    void recordsAnomalyMetricsOfCommittedPhasesOnly() {
        // given
        List<CheckOutcome> outcomes = List.of(
                new CheckOutcome(
                        "shape", CheckType.ANOMALY, "2026-03-01", CheckStatus.PASS, "24", "e", "row_count", "z"),
                new CheckOutcome(
                        "shape",
                        CheckType.ANOMALY,
                        "2026-03-01",
                        CheckStatus.WARN,
                        "0.25",
                        "e",
                        "null_rate(note)",
                        "i"),
                CheckOutcome.error(ANOMALY, "2026-03-02", "m", "TIMEOUT"),
                new CheckOutcome(
                        "rows", CheckType.ROW_COUNT_VS_SOURCE, "2026-03-01", CheckStatus.PASS, "24", "e", "m", null));
        GateVerdict committed = GateVerdict.of(outcomes.subList(0, 2));
        GateVerdict rejected = GateVerdict.of(outcomes);

        // when
        int fromRejected = MetricRecorder.recordCommitted(history, EVENTS, "p0", rejected);
        int fromCommitted = MetricRecorder.recordCommitted(history, EVENTS, "p1", committed);

        // then
        assertThat(fromRejected).isZero();
        assertThat(fromCommitted).isEqualTo(2);
        assertThat(history.points(EVENTS, "row_count")).containsExactly(new MetricPoint("2026-03-01", "p1", 24));
        assertThat(history.points(EVENTS, "null_rate(note)"))
                .containsExactly(new MetricPoint("2026-03-01", "p1", 0.25));
    }

    @Test
    void replayingACommittedVerdictIsIdempotent() {
        // given
        GateVerdict committed = GateVerdict.of(List.of(new CheckOutcome(
                "shape", CheckType.ANOMALY, "2026-03-01", CheckStatus.PASS, "24", "e", "row_count", "z")));

        // when
        MetricRecorder.recordCommitted(history, EVENTS, "p1", committed);
        MetricRecorder.recordCommitted(history, EVENTS, "p1", committed);

        // then
        assertThat(history.points(EVENTS, "row_count")).containsExactly(new MetricPoint("2026-03-01", "p1", 24));
    }
}
