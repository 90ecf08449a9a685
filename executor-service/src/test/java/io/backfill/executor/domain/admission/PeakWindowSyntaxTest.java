package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeakWindowSyntaxTest {

    @Test
    void readsDailyRangedAndListedWindows() {
        assertThat(PeakWindowSyntax.parse("08:00-18:00"))
                .isEqualTo(PeakWindow.daily(LocalTime.of(8, 0), LocalTime.of(18, 0)));
        assertThat(PeakWindowSyntax.parse("MON-FRI 08:00-18:00").days())
                .isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(PeakWindowSyntax.parse("sat,SUN 22:00-02:00").days())
                .isEqualTo(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
    }

    @Test
    void namesTheOffendingText() {
        assertThatThrownBy(() -> PeakWindowSyntax.parse("weekdays 8-18"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weekdays 8-18");
    }
}
