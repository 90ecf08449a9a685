package io.backfill.validator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {

    private static final List<Double> DAILY_ROWS = List.of(100.0, 102.0, 98.0, 101.0, 99.0, 103.0, 97.0, 100.0, 101.0);

    private final AnomalyScorer scorer = new AnomalyScorer();

    @Test
    void scoresValueByMedianAndScaledMad() {
        // given: median 100, absolute deviations 0,2,2,1,1,3,3,0,1 -> MAD 1, sigma 1.4826

        // when
        AnomalyScore score = scorer.score(103, DAILY_ROWS, 3.5);

        // then
        assertThat(score.median()).isEqualTo(100);
        assertThat(score.sigma()).isCloseTo(1.4826, within(1e-9));
        assertThat(score.score()).isCloseTo(3 / 1.4826, within(1e-9));
        assertThat(score.spread()).isEqualTo(AnomalyScore.Spread.MAD);
        assertThat(score.status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void failsValueBeyondThresholdInEitherDirection() {
        // when
        AnomalyScore spike = scorer.score(120, DAILY_ROWS, 3.5);
        AnomalyScore drop = scorer.score(50, DAILY_ROWS, 3.5);

        // then
        assertThat(spike.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(spike.explanation()).isEqualTo("robust z = 13.4898");
        assertThat(drop.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(drop.score()).isNegative();
    }

    @Test
    void warnsWithInsufficientHistory() {
        // when
        AnomalyScore score = scorer.score(1_000_000, List.of(1.0, 2.0, 3.0), 3.5);

        // then
        assertThat(score.status()).isEqualTo(CheckStatus.WARN);
        assertThat(score.explanation()).isEqualTo("insufficient history (3 of 8)");
        assertThat(score.score()).isNaN();
    }

    @Test
    void earlierOutliersInHistoryDoNotMaskANewOne() {
        // given: two broken partitions already in the history; mean and standard deviation would be pulled to
        // 1900 and 3818, so a third broken value of 10000 would score only 2.1 and pass
        List<Double> history = new ArrayList<>(DAILY_ROWS);
        history.add(10_000.0);
        history.add(10_000.0);

        // when
        AnomalyScore score = scorer.score(10_000, history, 3.5);

        // then
        assertThat(score.status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void fallsBackToMeanAbsoluteDeviationWhenMadIsZero() {
        // given: more than half the history is exactly 24, one value differs
        List<Double> history = List.of(24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 16.0);

        // when
        AnomalyScore same = scorer.score(24, history, 3.5);
        AnomalyScore slightlyOff = scorer.score(25, history, 3.5);
        AnomalyScore farOff = scorer.score(48, history, 3.5);

        // then: mean absolute deviation 1, sigma 1.2533
        assertThat(same.spread()).isEqualTo(AnomalyScore.Spread.MEAN_ABSOLUTE_DEVIATION);
        assertThat(same.sigma()).isCloseTo(1.2533, within(1e-9));
        assertThat(same.status()).isEqualTo(CheckStatus.PASS);
        assertThat(slightlyOff.status()).isEqualTo(CheckStatus.PASS);
        assertThat(farOff.status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void constantHistoryPassesTheSameValueAndFailsAnyOther() {
        // given
        List<Double> constant = List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);

        // when
        AnomalyScore same = scorer.score(0, constant, 3.5);
        AnomalyScore moved = scorer.score(0.01, constant, 3.5);

        // then
        assertThat(same.status()).isEqualTo(CheckStatus.PASS);
        assertThat(same.score()).isZero();
        assertThat(moved.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(moved.score()).isInfinite();
        assertThat(moved.explanation()).isEqualTo("history is constant at 0; any change is anomalous");
    }

    @Test
    void onlyTheMostRecentWindowCounts() {
        // given: old history around 10, recent history around 100
        AnomalyScorer recentTen = new AnomalyScorer(8, 10);
        List<Double> history = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            history.add(10.0 + i % 3);
        }
        for (int i = 0; i < 10; i++) {
            history.add(100.0 + i % 3);
        }

        // when
        AnomalyScore score = recentTen.score(101, history, 3.5);

        // then
        assertThat(score.historySize()).isEqualTo(10);
        assertThat(score.status()).isEqualTo(CheckStatus.PASS);
    }

    @Test
    void expectationNamesMedianSpreadAndHistorySize() {
        assertThat(scorer.score(103, DAILY_ROWS, 3.5).expectation())
                .isEqualTo("|robust z| <= 3.5 around median 100 (sigma 1.4826 from MAD, n=9)");
    }
}
