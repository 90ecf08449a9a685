package io.backfill.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The edge cases of one window: midnight, overnight, start == end, days, DST in both directions. */
class WeeklyWindowTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    // 2026-03-02 is a Monday, 2026-03-06 a Friday.

    @Test
    void containsItsStartButNotItsEnd() {
        var window = WeeklyWindow.daily(LocalTime.of(9, 0), LocalTime.of(17, 0));

        assertThat(window.contains(at(UTC, "2026-03-02T09:00"), UTC)).isTrue();
        assertThat(window.contains(at(UTC, "2026-03-02T16:59:59"), UTC)).isTrue();
        assertThat(window.contains(at(UTC, "2026-03-02T17:00"), UTC)).isFalse();
        assertThat(window.contains(at(UTC, "2026-03-02T08:59:59"), UTC)).isFalse();
    }

    @Test
    void onlyOpensOnItsDays() {
        var mondays = new WeeklyWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));

        assertThat(mondays.contains(at(UTC, "2026-03-02T10:00"), UTC)).isTrue();
        assertThat(mondays.contains(at(UTC, "2026-03-03T10:00"), UTC)).isFalse();
        assertThat(mondays.openingOn(LocalDate.parse("2026-03-03"), UTC)).isEmpty();
    }

    @Test
    void dailyOpensOnEveryDayOfTheWeek() {
        var daily = WeeklyWindow.daily(LocalTime.of(9, 0), LocalTime.of(17, 0));

        assertThat(daily.days()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
        for (int day = 0; day < 7; day++) {
            assertThat(daily.contains(at(UTC, "2026-03-02T12:00").plus(Duration.ofDays(day)), UTC))
                    .isTrue();
        }
    }

    @Test
    void overnightWindowBelongsToTheDayItStartsOn() {
        var fridayNight = new WeeklyWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0));

        assertThat(fridayNight.crossesMidnight()).isTrue();
        assertThat(fridayNight.contains(at(UTC, "2026-03-06T22:00"), UTC)).isTrue();
        assertThat(fridayNight.contains(at(UTC, "2026-03-07T05:59"), UTC)).isTrue(); // Saturday morning
        assertThat(fridayNight.contains(at(UTC, "2026-03-07T06:00"), UTC)).isFalse();
        assertThat(fridayNight.contains(at(UTC, "2026-03-06T01:00"), UTC)).isFalse(); // Friday morning: Thursday's
        assertThat(fridayNight.contains(at(UTC, "2026-03-07T23:00"), UTC)).isFalse(); // Saturday night
    }

    @Test
    void endAtMidnightRunsToTheEndOfTheStartDay() {
        var evening = new WeeklyWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(22, 0), LocalTime.MIDNIGHT);

        assertThat(evening.openingOn(LocalDate.parse("2026-03-02"), UTC))
                .contains(new Opening(at(UTC, "2026-03-02T22:00"), at(UTC, "2026-03-03T00:00")));
        assertThat(evening.contains(at(UTC, "2026-03-02T23:59:59"), UTC)).isTrue();
        assertThat(evening.contains(at(UTC, "2026-03-03T00:00"), UTC)).isFalse();
    }

    @Test
    void startAtMidnightOpensAtTheStartOfTheDay() {
        var morning = new WeeklyWindow(Set.of(DayOfWeek.MONDAY), LocalTime.MIDNIGHT, LocalTime.of(6, 0));

        assertThat(morning.contains(at(UTC, "2026-03-02T00:00"), UTC)).isTrue();
        assertThat(morning.contains(at(UTC, "2026-03-01T23:59:59"), UTC)).isFalse();
    }

    @Test
    void startEqualToEndIsTheWholeDayFromTheStart() {
        var allDay = new WeeklyWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), LocalTime.of(8, 0));

        assertThat(allDay.openingOn(LocalDate.parse("2026-03-02"), UTC)
                        .orElseThrow()
                        .duration())
                .isEqualTo(Duration.ofHours(24));
        assertThat(allDay.contains(at(UTC, "2026-03-02T08:00"), UTC)).isTrue();
        assertThat(allDay.contains(at(UTC, "2026-03-03T07:59"), UTC)).isTrue();
        assertThat(allDay.contains(at(UTC, "2026-03-03T08:00"), UTC)).isFalse();
        assertThat(allDay.contains(at(UTC, "2026-03-02T07:59"), UTC)).isFalse();
    }

    @Test
    void midnightToMidnightIsTheCalendarDay() {
        var sunday = new WeeklyWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

        assertThat(sunday.openingOn(LocalDate.parse("2026-03-08"), UTC))
                .contains(new Opening(at(UTC, "2026-03-08T00:00"), at(UTC, "2026-03-09T00:00")));
    }

    @Test
    void refusesAnEmptyDaySetAndSaysHowToAskForEveryDay() {
        assertThatThrownBy(() -> new WeeklyWindow(Set.of(), LocalTime.NOON, LocalTime.MIDNIGHT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one day")
                .hasMessageContaining("every day");
    }

    @Test
    void dayRangeWrapsPastSunday() {
        var longWeekend = WeeklyWindow.of(DayOfWeek.FRIDAY, DayOfWeek.MONDAY, LocalTime.NOON, LocalTime.MIDNIGHT);

        assertThat(longWeekend.days())
                .containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    }

    // Europe/Berlin springs forward on 2026-03-29 (02:00 -> 03:00) and falls back on 2026-10-25 (03:00 -> 02:00).

    @Test
    void windowInsideTheSkippedHourIsAbsentOnASpringForwardDay() {
        var skipped = WeeklyWindow.daily(LocalTime.of(2, 0), LocalTime.of(3, 0));

        assertThat(skipped.openingOn(LocalDate.parse("2026-03-29"), BERLIN)).isEmpty();
        assertThat(skipped.openingOn(LocalDate.parse("2026-03-28"), BERLIN)
                        .orElseThrow()
                        .duration())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void windowEndingInTheSkippedHourClosesWhenTheClocksJump() {
        var window = WeeklyWindow.daily(LocalTime.of(1, 30), LocalTime.of(2, 30));

        assertThat(window.openingOn(LocalDate.parse("2026-03-29"), BERLIN))
                .contains(new Opening(Instant.parse("2026-03-29T00:30:00Z"), Instant.parse("2026-03-29T01:00:00Z")));
    }

    @Test
    void windowStartingInTheSkippedHourOpensWhenTheClocksJump() {
        // 02:30 never happens; the wall clock reads 03:00 (01:00Z) right after 01:59:59, inside 02:30-04:00
        var window = WeeklyWindow.daily(LocalTime.of(2, 30), LocalTime.of(4, 0));

        assertThat(window.openingOn(LocalDate.parse("2026-03-29"), BERLIN))
                .contains(new Opening(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T02:00:00Z")));
        assertThat(window.contains(at(BERLIN, "2026-03-29T03:15"), BERLIN)).isTrue();
    }

    @Test
    void overnightWindowIsAnHourShorterAcrossSpringForward() {
        var nightly = WeeklyWindow.daily(LocalTime.of(22, 0), LocalTime.of(6, 0));

        assertThat(nightly.openingOn(LocalDate.parse("2026-03-28"), BERLIN)
                        .orElseThrow()
                        .duration())
                .isEqualTo(Duration.ofHours(7));
    }

    @Test
    void windowOverTheRepeatedHourIsLongerOnAFallBackDay() {
        var repeated = WeeklyWindow.daily(LocalTime.of(2, 0), LocalTime.of(3, 0));

        // from 02:00 summer time (00:00Z) through both 02:xx hours to 03:00 winter time (02:00Z)
        assertThat(repeated.openingOn(LocalDate.parse("2026-10-25"), BERLIN))
                .contains(new Opening(Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T02:00:00Z")));
        assertThat(repeated.contains(Instant.parse("2026-10-25T00:30:00Z"), BERLIN))
                .isTrue(); // first 02:30
        assertThat(repeated.contains(Instant.parse("2026-10-25T01:30:00Z"), BERLIN))
                .isTrue(); // second 02:30
    }

    @Test
    void windowEndingInTheRepeatedHourStaysOpenUntilItsSecondOccurrence() {
        var window = WeeklyWindow.daily(LocalTime.of(1, 0), LocalTime.of(2, 30));

        assertThat(window.openingOn(LocalDate.parse("2026-10-25"), BERLIN).orElseThrow())
                .isEqualTo(new Opening(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T01:30:00Z")))
                .extracting(Opening::duration)
                .isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void overnightWindowIsAnHourLongerAcrossFallBack() {
        var nightly = WeeklyWindow.daily(LocalTime.of(22, 0), LocalTime.of(6, 0));

        assertThat(nightly.openingOn(LocalDate.parse("2026-10-24"), BERLIN)
                        .orElseThrow()
                        .duration())
                .isEqualTo(Duration.ofHours(9));
    }

    @Test
    void wholeDayWindowFollowsTheLengthOfTheLocalDay() {
        var allDay = WeeklyWindow.daily(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

        assertThat(allDay.openingOn(LocalDate.parse("2026-03-29"), BERLIN)
                        .orElseThrow()
                        .duration())
                .isEqualTo(Duration.ofHours(23));
        assertThat(allDay.openingOn(LocalDate.parse("2026-10-25"), BERLIN)
                        .orElseThrow()
                        .duration())
                .isEqualTo(Duration.ofHours(25));
    }

    // America/New_York springs forward on 2026-03-08 (02:00 -> 03:00) and falls back on 2026-11-01 (02:00 -> 01:00).

    @Test
    void readsTheSameRulesInNewYork() {
        var skipped = WeeklyWindow.daily(LocalTime.of(2, 0), LocalTime.of(3, 0));
        var repeated = WeeklyWindow.daily(LocalTime.of(1, 0), LocalTime.of(2, 0));

        assertThat(skipped.openingOn(LocalDate.parse("2026-03-08"), NEW_YORK)).isEmpty();
        assertThat(repeated.openingOn(LocalDate.parse("2026-11-01"), NEW_YORK))
                .contains(new Opening(Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T07:00:00Z")));
    }

    @Test
    void printsItsTextForm() {
        var weekdays = WeeklyWindow.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, LocalTime.of(8, 0), LocalTime.of(18, 0));

        assertThat(weekdays).hasToString("MON-FRI 08:00-18:00");
    }

    private static Instant at(ZoneId zone, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }
}
