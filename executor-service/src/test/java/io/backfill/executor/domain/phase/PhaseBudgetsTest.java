package io.backfill.executor.domain.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.admission.PhaseBudget;
import org.junit.jupiter.api.Test;

class PhaseBudgetsTest {

    @Test
    void unsetOrNonPositiveFieldsMeanNoPhaseLimit() {
        assertThat(PhaseBudgets.of(null, null)).isEqualTo(PhaseBudget.UNLIMITED);
        assertThat(PhaseBudgets.of(0, -1.0)).isEqualTo(PhaseBudget.UNLIMITED);
        assertThat(PhaseBudgets.of(null, null, 0L)).isEqualTo(PhaseBudget.UNLIMITED);
    }

    @Test
    void setFieldsAreKept() {
        assertThat(PhaseBudgets.of(3, 0.5)).isEqualTo(new PhaseBudget(3, 0.5));
        assertThat(PhaseBudgets.of(3, 0.5, 10_000L)).isEqualTo(new PhaseBudget(3, 0.5, 10_000));
    }
}
