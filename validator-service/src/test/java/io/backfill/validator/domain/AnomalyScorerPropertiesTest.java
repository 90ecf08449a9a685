package io.backfill.validator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AnomalyScorerPropertiesTest {

    private final AnomalyScorer scorer = new AnomalyScorer();

    @Property
    void scoreDoesNotDependOnTheUnitOfTheMetric(
            @ForAll @Size(min = 8, max = 40) List<@DoubleRange(min = -1e6, max = 1e6) Double> history,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double value,
            @ForAll @IntRange(min = -20, max = 20) int binaryExponent) {
        // given: the same data in another unit; powers of two keep the arithmetic exact, so equality is exact
        double unit = Math.scalb(1.0, binaryExponent);
        List<Double> converted = history.stream().map(x -> x * unit).toList();

        // when
        AnomalyScore original = scorer.score(value, history, 3.5);
        AnomalyScore inOtherUnit = scorer.score(value * unit, converted, 3.5);

        // then
        assertThat(inOtherUnit.score()).isEqualTo(original.score());
        assertThat(inOtherUnit.status()).isEqualTo(original.status());
    }

    @Property
    void theMedianOfTheHistoryNeverFails(
            @ForAll @Size(min = 9, max = 41) List<@DoubleRange(min = -1e6, max = 1e6) Double> history) {
        // given: an odd-sized history, whose median is one of its values
        List<Double> odd = history.size() % 2 == 1 ? history : history.subList(1, history.size());
        double median = AnomalyScorer.median(
                odd.stream().mapToDouble(Double::doubleValue).toArray());

        // when / then
        assertThat(scorer.score(median, odd, 3.5).status()).isEqualTo(CheckStatus.PASS);
    }
}
