package io.backfill.validator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ToleranceTest {

    @Test
    void measuresDifferenceRelativeToTheExpectedValue() {
        // when / then
        assertThat(Tolerance.relativeDifference(99, 100)).isCloseTo(0.01, within(1e-12));
        assertThat(Tolerance.relativeDifference(110, 100)).isCloseTo(0.10, within(1e-12));
        assertThat(Tolerance.relativeDifference(new BigDecimal("-90"), new BigDecimal("-100")))
                .isCloseTo(0.10, within(1e-12));
    }

    @Test
    void treatsZeroAgainstZeroAsNoDifference() {
        assertThat(Tolerance.relativeDifference(0, 0)).isZero();
        assertThat(Tolerance.relativeDifference(new BigDecimal("0.00"), BigDecimal.ZERO))
                .isZero();
    }

    @Test
    void treatsAnythingAgainstZeroExpectedAsInfinitelyDifferent() {
        // given
        Tolerance generous = new Tolerance(1000);

        // when / then
        assertThat(Tolerance.relativeDifference(1, 0)).isInfinite();
        assertThat(generous.allows(1, 0)).isFalse();
        assertThat(Tolerance.percent(Tolerance.relativeDifference(1, 0))).isEqualTo("infinite");
    }

    @Test
    void allowsDifferencesUpToAndIncludingTheTolerance() {
        // given
        Tolerance onePercent = new Tolerance(0.01);

        // when / then
        assertThat(onePercent.allows(99, 100)).isTrue();
        assertThat(onePercent.allows(101, 100)).isTrue();
        assertThat(onePercent.allows(98, 100)).isFalse();
        assertThat(Tolerance.EXACT.allows(100, 100)).isTrue();
        assertThat(Tolerance.EXACT.allows(new BigDecimal("38.00"), new BigDecimal("38")))
                .isTrue();
        assertThat(Tolerance.EXACT.allows(new BigDecimal("38.01"), new BigDecimal("38")))
                .isFalse();
    }

    @Test
    void comparesLargeSumsExactlyWithoutDoubleRounding() {
        // given: a difference of one cent on ten trillion, invisible in a double's 53 bits
        BigDecimal staged = new BigDecimal("10000000000000.01");
        BigDecimal source = new BigDecimal("10000000000000.00");

        // when / then
        assertThat(Tolerance.EXACT.allows(staged, source)).isFalse();
    }

    @Test
    void usesTheDefinitionsToleranceOrTheFallback() {
        // given
        CheckDefinition declared = CheckDefinition.builder("rows", CheckType.ROW_COUNT_VS_SOURCE)
                .tolerance(0.05)
                .build();
        CheckDefinition undeclared =
                CheckDefinition.builder("rows", CheckType.ROW_COUNT_VS_SOURCE).build();

        // when / then
        assertThat(Tolerance.of(declared, Tolerance.EXACT)).isEqualTo(new Tolerance(0.05));
        assertThat(Tolerance.of(undeclared, Tolerance.EXACT)).isEqualTo(Tolerance.EXACT);
    }

    @Test
    void describesTheExpectationWithItsTolerance() {
        assertThat(new Tolerance(0.01).describe(100)).isEqualTo("100 ± 1%");
        assertThat(Tolerance.EXACT.describe(100)).isEqualTo("100 exactly");
        assertThat(Tolerance.percent(0.123456)).isEqualTo("12.35%");
    }

    @Test
    void refusesNegativeOrNonNumericTolerance() {
        assertThatThrownBy(() -> new Tolerance(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tolerance(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
