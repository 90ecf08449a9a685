package io.backfill.validator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateVerdictTest {

    private static final CheckDefinition NULLS = CheckDefinition.builder("customer_not_null", CheckType.NULL_RATE)
            .columns("customer_id")
            .threshold(0.01)
            .build();
    private static final CheckDefinition ROWS = CheckDefinition.builder("rows_vs_source", CheckType.ROW_COUNT_VS_SOURCE)
            .build();

    @Test
    void commitsWhenEveryOutcomePasses() {
        // given
        List<CheckOutcome> outcomes = List.of(
                CheckOutcome.pass(NULLS, "2026-03-01", "0", "<= 0.01", "m", null),
                CheckOutcome.pass(ROWS, "2026-03-01", "4", "4 exactly", "m", null));

        // when
        GateVerdict verdict = GateVerdict.of(outcomes);

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.COMMIT);
        assertThat(verdict.rejecting()).isEmpty();
        assertThat(verdict.summary()).isEqualTo("COMMIT: 2 of 2 outcomes passed");
    }

    @Test
    void commitsDespiteWarnings() {
        // given
        List<CheckOutcome> outcomes = List.of(
                CheckOutcome.pass(ROWS, "2026-03-01", "4", "4 exactly", "m", null),
                CheckOutcome.warn(NULLS, "2026-03-01", "0.2", "<= 0.01", "m", "non-blocking check failed"));

        // when
        GateVerdict verdict = GateVerdict.of(outcomes);

        // then
        assertThat(verdict.commits()).isTrue();
        assertThat(verdict.summary()).isEqualTo("COMMIT: 1 of 2 outcomes passed, 1 warning");
    }

    @Test
    void rejectsPhaseWhenNullRateExceedsLimitAndSaysByHowMuch() {
        // given
        List<CheckOutcome> outcomes = List.of(
                CheckOutcome.pass(ROWS, "2026-03-01", "4", "4 exactly", "m", null),
                CheckOutcome.fail(
                        NULLS,
                        "2026-03-01",
                        "customer_id=0.25 (1 of 4)",
                        "null rate <= 0.01 per column",
                        "m",
                        "over the limit: customer_id 0.25 > 0.01"));

        // when
        GateVerdict verdict = GateVerdict.of(outcomes);

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.rejecting()).extracting(CheckOutcome::name).containsExactly("customer_not_null");
        assertThat(verdict.summary())
                .isEqualTo("REJECT: 1 of 2 outcomes failed - customer_not_null [2026-03-01] FAIL: observed"
                        + " customer_id=0.25 (1 of 4), expected null rate <= 0.01 per column"
                        + " (over the limit: customer_id 0.25 > 0.01)");
    }

    @Test
    void rejectsPhaseWhenACheckErrors() {
        // given
        List<CheckOutcome> outcomes = List.of(CheckOutcome.error(ROWS, null, "m", "TIMEOUT: statement timed out"));

        // when
        GateVerdict verdict = GateVerdict.of(outcomes);

        // then
        assertThat(verdict.decision()).isEqualTo(GateDecision.REJECT);
        assertThat(verdict.summary())
                .isEqualTo(
                        "REJECT: 1 of 1 outcomes failed - rows_vs_source [phase] ERROR: TIMEOUT: statement timed out");
    }

    @Test
    void nonBlockingFailureBecomesAWarningButNonBlockingErrorStillRejects() {
        // given
        CheckOutcome failed = CheckOutcome.fail(NULLS, "2026-03-01", "0.2", "<= 0.01", "m", "too many");
        CheckOutcome errored = CheckOutcome.error(NULLS, "2026-03-02", "m", "FATAL: column missing");

        // when
        CheckOutcome failedAdvisory = failed.downgradedIfNonBlocking(false);
        CheckOutcome erroredAdvisory = errored.downgradedIfNonBlocking(false);

        // then
        assertThat(failedAdvisory.status()).isEqualTo(CheckStatus.WARN);
        assertThat(failedAdvisory.detail()).isEqualTo("non-blocking check failed: too many");
        assertThat(failed.downgradedIfNonBlocking(true)).isEqualTo(failed);
        assertThat(erroredAdvisory.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(GateVerdict.of(List.of(failedAdvisory)).commits()).isTrue();
        assertThat(GateVerdict.of(List.of(failedAdvisory, erroredAdvisory)).commits())
                .isFalse();
    }

    @Test
    void summaryNamesTheFirstFailuresAndCountsTheRest() {
        // given
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            outcomes.add(CheckOutcome.fail(ROWS, "2026-03-0" + day, "3", "4 exactly", "m", null));
        }

        // when
        String summary = GateVerdict.of(outcomes).summary();

        // then
        assertThat(summary)
                .startsWith("REJECT: 7 of 7 outcomes failed - rows_vs_source [2026-03-01] FAIL: observed 3,"
                        + " expected 4 exactly; ")
                .contains("[2026-03-05]")
                .doesNotContain("[2026-03-06]")
                .endsWith("; and 2 more");
    }
}
