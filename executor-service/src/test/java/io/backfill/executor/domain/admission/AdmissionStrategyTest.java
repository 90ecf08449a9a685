package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.testsupport.time.MutableClock;
import org.junit.jupiter.api.Test;

class AdmissionStrategyTest {

    @Test
    void readsConfigNamesIgnoringCaseAndSpaces() {
        assertThat(AdmissionStrategy.fromName("adaptive")).isEqualTo(AdmissionStrategy.ADAPTIVE);
        assertThat(AdmissionStrategy.fromName(" Static ")).isEqualTo(AdmissionStrategy.STATIC);
        assertThat(AdmissionStrategy.fromName("NONE")).isEqualTo(AdmissionStrategy.NONE);
    }

    @Test
    void rejectsAnUnknownNameListingTheValidOnes() {
        assertThatThrownBy(() -> AdmissionStrategy.fromName("gradient"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gradient'")
                .hasMessageContaining("adaptive, static, none");
    }

    @Test
    void defaultsToAdaptive() {
        var controller =
                AdmissionControllers.create(AdmissionConfig.defaults(), MutableClock.at("2026-03-01T00:00:00Z"));

        assertThat(controller.strategy()).isEqualTo(AdmissionStrategy.ADAPTIVE);
    }
}
