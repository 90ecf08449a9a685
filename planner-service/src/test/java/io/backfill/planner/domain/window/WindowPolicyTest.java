package io.backfill.planner.domain.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.window.WeeklyWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowPolicyTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Mon-Fri 22:00-06:00 Berlin time. */
    private final WindowPolicy weeknights = new WindowPolicy(
            BERLIN,
            List.of(WeeklyWindow.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, LocalTime.of(22, 0), LocalTime.of(6, 0))),
            Set.of());

    @Test
    void allowsTheNightAfterAnOpeningDayAcrossMidnight() {
        // 2026-03-06 is a Friday
        assertThat(weeknights.allows(berlin("2026-03-06T22:00"))).isTrue();
        assertThat(weeknights.allows(berlin("2026-03-07T05:59"))).isTrue();
        assertThat(weeknights.allows(berlin("2026-03-07T06:00"))).isFalse();
    }

    @Test
    void doesNotAllowMondayMorningBecauseSundayIsNoOpeningDay() {
        assertThat(weeknights.allows(berlin("2026-03-09T03:00"))).isFalse();
        assertThat(weeknights.allows(berlin("2026-03-10T03:00"))).isTrue();
    }

    @Test
    void doesNotAllowDaytime() {
        assertThat(weeknights.allows(berlin("2026-03-04T12:00"))).isFalse();
    }

    @Test
    void blackoutDateClosesItsWholeLocalDayIncludingTheSpillOverOfTheNightBefore() {
        WindowPolicy withBlackout =
                new WindowPolicy(BERLIN, weeknights.windows(), Set.of(LocalDate.parse("2026-03-05")));

        assertThat(withBlackout.allows(berlin("2026-03-05T02:00"))).isFalse();
        assertThat(withBlackout.allows(berlin("2026-03-05T23:00"))).isFalse();
        assertThat(withBlackout.allows(berlin("2026-03-04T23:00"))).isTrue();
        assertThat(withBlackout.allows(berlin("2026-03-06T02:00"))).isTrue();
    }

    @Test
    void noWindowsMeansAlwaysOpen() {
        assertThat(WindowPolicy.always(BERLIN).allows(Instant.parse("2026-03-04T12:00:00Z")))
                .isTrue();
    }

    @Test
    void countsOnlyWindowHoursWhenProjectingAFinish() {
        // given Wednesday noon and 10 hours of work: 8 hours Wed night, 2 more from Thu 22:00
        Instant from = berlin("2026-03-04T12:00");

        assertThat(weeknights.finishAfter(from, Duration.ofHours(10))).contains(berlin("2026-03-06T00:00"));
    }

    @Test
    void skipsTheWeekendWhenProjecting() {
        // Fri 22:00 → Sat 06:00 gives 8 hours; the next opening is Monday 22:00
        assertThat(weeknights.finishAfter(berlin("2026-03-06T22:00"), Duration.ofHours(9)))
                .contains(berlin("2026-03-09T23:00"));
    }

    @Test
    void nightWithSpringForwardHasOneHourLessOpenTime() {
        // 2026-03-29 02:00 → 03:00 in Berlin: Sat 22:00 → Sun 06:00 lasts 7 hours
        WindowPolicy nightly = new WindowPolicy(
                BERLIN, List.of(WeeklyWindow.daily(LocalTime.of(22, 0), LocalTime.of(6, 0))), Set.of());

        assertThat(nightly.openTimeBetween(berlin("2026-03-28T12:00"), berlin("2026-03-29T12:00")))
                .isEqualTo(Duration.ofHours(7));
    }

    @Test
    void nightWithFallBackHasOneHourMoreOpenTime() {
        // 2026-10-25 03:00 → 02:00 in Berlin: Sat 22:00 → Sun 06:00 lasts 9 hours
        WindowPolicy nightly = new WindowPolicy(
                BERLIN, List.of(WeeklyWindow.daily(LocalTime.of(22, 0), LocalTime.of(6, 0))), Set.of());

        assertThat(nightly.openTimeBetween(berlin("2026-10-24T12:00"), berlin("2026-10-25T12:00")))
                .isEqualTo(Duration.ofHours(9));
    }

    @Test
    void blackoutDateClosesAWholeDayWindowOnlyForItsOwnDay() {
        WindowPolicy allDaySundays = new WindowPolicy(
                BERLIN,
                List.of(WeeklyWindow.of(DayOfWeek.SUNDAY, DayOfWeek.SUNDAY, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)),
                Set.of(LocalDate.parse("2026-03-08")));

        assertThat(allDaySundays.allows(berlin("2026-03-08T12:00"))).isFalse();
        assertThat(allDaySundays.openTimeBetween(berlin("2026-03-01T00:00"), berlin("2026-03-16T00:00")))
                .isEqualTo(Duration.ofHours(48));
    }

    @Test
    void projectsNothingWhenEveryDayIsBlackedOut() {
        WindowPolicy never = new WindowPolicy(
                ZoneId.of("UTC"),
                List.of(WeeklyWindow.of(DayOfWeek.MONDAY, DayOfWeek.MONDAY, LocalTime.NOON, LocalTime.of(13, 0))),
                Set.of());

        // one hour a week: 10 hours need ten weeks, well inside the horizon; 10,000 hours do not fit
        assertThat(never.finishAfter(Instant.parse("2026-03-02T00:00:00Z"), Duration.ofHours(10)))
                .isPresent();
        assertThat(never.finishAfter(Instant.parse("2026-03-02T00:00:00Z"), Duration.ofHours(10_000)))
                .isEmpty();
    }

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }
}
