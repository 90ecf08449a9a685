package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.benchmark.Frontier.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrontierTest {

    private static final Point GENTLE = new Point("0.25", 1.0, 400);
    private static final Point MIDDLE = new Point("1", 2.0, 200);
    private static final Point FAST = new Point("4", 4.0, 100);

    @Test
    void keepsOnlyTheEfficientPointsAndListsTheRestAsDominated() {
        // given
        Point slowerAndHarsher = new Point("0.5", 2.5, 250);
        Point tieOnRatioButSlower = new Point("0.5 again", 2.0, 220);
        Point tieOnMakespanButHarsher = new Point("2", 3.0, 200);

        // when
        Frontier frontier = Frontier.of(
                List.of(GENTLE, slowerAndHarsher, MIDDLE, tieOnRatioButSlower, FAST, tieOnMakespanButHarsher));

        // then
        assertThat(frontier.points()).containsExactly(GENTLE, MIDDLE, FAST);
        assertThat(frontier.dominated())
                .containsExactly(tieOnRatioButSlower, slowerAndHarsher, tieOnMakespanButHarsher);
    }

    @Test
    void ofTwoEqualPointsTheFirstIsEfficientAndTheOtherDominated() {
        // given
        Point first = new Point("first", 2.0, 200);
        Point twin = new Point("twin", 2.0, 200);

        // when
        Frontier frontier = Frontier.of(List.of(first, twin));

        // then
        assertThat(frontier.points()).containsExactly(first);
        assertThat(frontier.dominated()).containsExactly(twin);
    }

    @Test
    void efficientPointsAreOrderedByRatioWithMakespanStrictlyFalling() {
        // given
        List<Point> shuffled = List.of(FAST, GENTLE, MIDDLE);

        // when
        List<Point> points = Frontier.of(shuffled).points();

        // then
        assertThat(points).containsExactly(GENTLE, MIDDLE, FAST);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).ratio()).isGreaterThan(points.get(i - 1).ratio());
            assertThat(points.get(i).makespanSeconds())
                    .isLessThan(points.get(i - 1).makespanSeconds());
        }
    }

    @Test
    void interpolatesLinearlyBetweenTwoEfficientPoints() {
        // given
        Frontier frontier = Frontier.of(List.of(GENTLE, MIDDLE, FAST));

        // when / then: halfway between (1.0, 400) and (2.0, 200), a quarter of the way from (2.0, 200) to (4.0, 100)
        assertThat(frontier.bestMakespanAt(1.5)).hasValue(300);
        assertThat(frontier.bestMakespanAt(2.5)).hasValue(175);
    }

    @Test
    void atAMeasuredRatioTheAnswerIsExactlyThatPointsMakespan() {
        // given
        Frontier frontier =
                Frontier.of(List.of(new Point("a", 1.1, 333.3), new Point("b", 1.7, 123.4), new Point("c", 3.3, 77.7)));

        // when / then
        assertThat(frontier.bestMakespanAt(1.1)).hasValue(333.3);
        assertThat(frontier.bestMakespanAt(1.7)).hasValue(123.4);
        assertThat(frontier.bestMakespanAt(3.3)).hasValue(77.7);
    }

    @Test
    void belowTheGentlestStaticPointThereIsNoAnswer() {
        // given
        Frontier frontier = Frontier.of(List.of(GENTLE, MIDDLE, FAST));

        // when / then
        assertThat(frontier.bestMakespanAt(0.999)).isEmpty();
        assertThat(frontier.bestMakespanAt(0)).isEmpty();
        assertThat(frontier.bestMakespanAt(Double.NaN)).isEmpty();
        assertThat(frontier.score(0.9, 50)).isEmpty();
    }

    @Test
    void beyondTheFastestStaticPointTheFrontierIsFlat() {
        // given
        Frontier frontier = Frontier.of(List.of(GENTLE, MIDDLE, FAST));

        // when / then
        assertThat(frontier.bestMakespanAt(4.0)).hasValue(100);
        assertThat(frontier.bestMakespanAt(7.5)).hasValue(100);
        assertThat(frontier.bestMakespanAt(Double.POSITIVE_INFINITY)).hasValue(100);
    }

    @Test
    void scoreIsTheMakespanOverTheBestStaticMakespanAtTheSameRatio() {
        // given
        Frontier frontier = Frontier.of(List.of(GENTLE, MIDDLE, FAST));

        // when / then: M*(1.5) = 300
        assertThat(frontier.score(1.5, 240)).hasValue(0.8);
        assertThat(frontier.score(1.5, 300)).hasValue(1.0);
        assertThat(frontier.score(10, 150)).hasValue(1.5);
    }

    @Test
    void pointsWithNaNOrInfiniteValuesAreIgnored() {
        // given
        Point nanRatio = new Point("nan ratio", Double.NaN, 10);
        Point nanMakespan = new Point("nan makespan", 0.5, Double.NaN);
        Point infiniteRatio = new Point("infinite", Double.POSITIVE_INFINITY, 5);

        // when
        Frontier frontier = Frontier.of(List.of(nanRatio, GENTLE, nanMakespan, FAST, infiniteRatio));

        // then
        assertThat(frontier.points()).containsExactly(GENTLE, FAST);
        assertThat(frontier.dominated()).isEmpty();
        assertThat(frontier.bestMakespanAt(0.5)).isEmpty();
    }

    @Test
    void anEmptyInputGivesAnEmptyFrontierThatAnswersNothing() {
        // given
        Frontier frontier = Frontier.of(List.of());

        // when / then
        assertThat(frontier.points()).isEmpty();
        assertThat(frontier.dominated()).isEmpty();
        assertThat(frontier.bestMakespanAt(1.0)).isEmpty();
        assertThat(frontier.bestMakespanAt(100)).isEmpty();
        assertThat(frontier.score(1.2, 100)).isEmpty();
    }

    @Test
    void aSinglePointIsTheWholeFrontierFlatFromItsRatioOn() {
        // given
        Frontier frontier = Frontier.of(List.of(MIDDLE));

        // when / then
        assertThat(frontier.points()).containsExactly(MIDDLE);
        assertThat(frontier.bestMakespanAt(1.99)).isEmpty();
        assertThat(frontier.bestMakespanAt(2.0)).hasValue(200);
        assertThat(frontier.bestMakespanAt(3.0)).hasValue(200);
        assertThat(frontier.score(3.0, 100)).hasValue(0.5);
    }

    @Test
    void rejectsANegativeRatioOrANonPositiveMakespan() {
        assertThatThrownBy(() -> Frontier.of(List.of(new Point("negative", -0.1, 10))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frontier.of(List.of(new Point("instant", 1.0, 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
