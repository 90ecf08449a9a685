package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeakWindowTest {

    // 2026-03-02 is a Monday.
    private static LocalDateTime monday(int hour, int minute) {
        return LocalDateTime.of(2026, 3, 2, hour, minute);
    }

    @Test
    void containsItsStartButNotItsEnd() {
        var window = PeakWindow.daily(LocalTime.of(9, 0), LocalTime.of(17, 0));

        assertThat(window.contains(monday(9, 0))).isTrue();
        assertThat(window.contains(monday(16, 59))).isTrue();
        assertThat(window.contains(monday(17, 0))).isFalse();
        assertThat(window.contains(monday(8, 59))).isFalse();
    }

    @Test
    void aWindowEndingBeforeItStartsRunsPastMidnightFromItsStartDay() {
        var fridayNight = new PeakWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(2, 0));
        var friday = LocalDateTime.of(2026, 3, 6, 23, 0);
        var saturdayEarly = LocalDateTime.of(2026, 3, 7, 1, 0);
        var saturdayLate = LocalDateTime.of(2026, 3, 7, 23, 0);
        var fridayEarly = LocalDateTime.of(2026, 3, 6, 1, 0);

        assertThat(fridayNight.contains(friday)).isTrue();
        assertThat(fridayNight.contains(saturdayEarly)).isTrue();
        assertThat(fridayNight.contains(saturdayLate)).isFalse();
        assertThat(fridayNight.contains(fridayEarly)).isFalse();
    }

    @Test
    void onlyAppliesOnItsDays() {
        var weekdays = new PeakWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));

        assertThat(weekdays.contains(monday(10, 0))).isTrue();
        assertThat(weekdays.contains(monday(10, 0).plusDays(1))).isFalse();
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> PeakWindow.daily(LocalTime.NOON, LocalTime.NOON))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetsReadPeakWindowsInTheirTimeZone() {
        var tokyo = ZoneId.of("Asia/Tokyo");
        var targets = new LoadTargets(
                0.7, 0.4, 0.9, tokyo, List.of(PeakWindow.daily(LocalTime.of(9, 0), LocalTime.of(18, 0))));

        var tokyoMorning = ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, tokyo).toInstant(); // 01:00 UTC
        var tokyoNight = ZonedDateTime.of(2026, 3, 2, 23, 0, 0, 0, tokyo).toInstant(); // 14:00 UTC

        assertThat(targets.targetAt(tokyoMorning)).isEqualTo(0.4);
        assertThat(targets.targetAt(tokyoNight)).isEqualTo(0.7);
    }

    @Test
    void rejectsATargetAboveTheHardCeiling() {
        assertThatThrownBy(() -> new LoadTargets(0.95, 0.5, 0.9, ZoneId.of("UTC"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offPeakTarget");
    }
}
