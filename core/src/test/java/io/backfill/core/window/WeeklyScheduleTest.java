package io.backfill.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeeklyScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void readsItsWindowsInItsZone() {
        var tokyo = ZoneId.of("Asia/Tokyo");
        var officeHours =
                new WeeklySchedule(tokyo, List.of(WeeklyWindow.daily(LocalTime.of(9, 0), LocalTime.of(18, 0))));

        assertThat(officeHours.contains(Instant.parse("2026-03-02T01:00:00Z"))).isTrue(); // 10:00 in Tokyo
        assertThat(officeHours.contains(Instant.parse("2026-03-02T14:00:00Z"))).isFalse(); // 23:00 in Tokyo
    }

    @Test
    void withoutWindowsIsNeverOpen() {
        var none = WeeklySchedule.none(BERLIN);

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.contains(Instant.parse("2026-03-02T12:00:00Z"))).isFalse();
        assertThat(none.openTime(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z")))
                .isZero();
    }

    @Test
    void countsOverlappingWindowsOnce() {
        var schedule = new WeeklySchedule(
                ZoneOffset.UTC,
                List.of(
                        WeeklyWindow.of(DayOfWeek.MONDAY, DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.NOON),
                        WeeklyWindow.of(DayOfWeek.MONDAY, DayOfWeek.MONDAY, LocalTime.of(10, 0), LocalTime.of(14, 0))));

        assertThat(schedule.openings(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z")))
                .containsExactly(
                        new Opening(Instant.parse("2026-03-02T08:00:00Z"), Instant.parse("2026-03-02T14:00:00Z")));
    }

    @Test
    void cutsOpeningsToTheAskedInterval() {
        // Mon-Fri 22:00-06:00; asked from Tuesday 03:00 to Tuesday 23:00
        var weeknights = new WeeklySchedule(
                BERLIN,
                List.of(WeeklyWindow.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, LocalTime.of(22, 0), LocalTime.of(6, 0))));

        assertThat(weeknights.openings(berlin("2026-03-03T03:00"), berlin("2026-03-03T23:00")))
                .containsExactly(
                        new Opening(berlin("2026-03-03T03:00"), berlin("2026-03-03T06:00")),
                        new Opening(berlin("2026-03-03T22:00"), berlin("2026-03-03T23:00")));
    }

    @Test
    void weekOfOfficeHoursIsFiftyHours() {
        var officeHours = new WeeklySchedule(
                BERLIN,
                List.of(WeeklyWindow.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, LocalTime.of(8, 0), LocalTime.of(18, 0))));

        assertThat(officeHours.openTime(berlin("2026-03-02T00:00"), berlin("2026-03-09T00:00")))
                .isEqualTo(Duration.ofHours(50));
    }

    @Test
    void everyDayAllDayIsTheWholeWeekEvenAcrossDst() {
        var always = new WeeklySchedule(BERLIN, List.of(WeeklyWindow.daily(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
        Instant from = berlin("2026-03-23T00:00");
        Instant to = berlin("2026-03-30T00:00"); // this week springs forward: 167 real hours

        assertThat(always.openings(from, to)).containsExactly(new Opening(from, to));
        assertThat(always.openTime(from, to)).isEqualTo(Duration.ofHours(167));
    }

    @Test
    void nothingInAnEmptyInterval() {
        var always = new WeeklySchedule(BERLIN, List.of(WeeklyWindow.daily(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));

        assertThat(always.openings(berlin("2026-03-02T12:00"), berlin("2026-03-02T12:00")))
                .isEmpty();
    }

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }
}
