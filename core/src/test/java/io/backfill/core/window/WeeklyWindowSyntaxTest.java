package io.backfill.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeeklyWindowSyntaxTest {

    private static final LocalTime EIGHT = LocalTime.of(8, 0);
    private static final LocalTime SIX_PM = LocalTime.of(18, 0);

    @Test
    void readsAWindowWithoutDaysAsEveryDay() {
        assertThat(WeeklyWindowSyntax.parse("08:00-18:00")).isEqualTo(WeeklyWindow.daily(EIGHT, SIX_PM));
    }

    @Test
    void readsDayRangesAndDayLists() {
        assertThat(WeeklyWindowSyntax.parse("MON-FRI 08:00-18:00").days())
                .isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(WeeklyWindowSyntax.parse("sat,SUN 22:00-02:00").days())
                .isEqualTo(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        assertThat(WeeklyWindowSyntax.parse("MON, WED-THU  08:00-18:00").days())
                .isEqualTo(Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY));
    }

    @Test
    void readsADayRangeAcrossSunday() {
        assertThat(WeeklyWindowSyntax.parse("FRI-MON 08:00-18:00").days())
                .isEqualTo(Set.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY));
    }

    @Test
    void readsFullNamesAndPrefixesOfThreeLettersOrMore() {
        assertThat(WeeklyWindowSyntax.parse("Monday,TUES,wednesday 08:00-18:00").days())
                .isEqualTo(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY));
        assertThatThrownBy(() -> WeeklyWindowSyntax.parse("TU 08:00-18:00")).hasMessageContaining("unknown day 'TU'");
    }

    @Test
    void readsStartEqualToEndAsTheWholeDayAnd2400AsMidnight() {
        assertThat(WeeklyWindowSyntax.parse("SAT 00:00-00:00"))
                .isEqualTo(new WeeklyWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        assertThat(WeeklyWindowSyntax.parse("19:00-24:00").end()).isEqualTo(LocalTime.MIDNIGHT);
        assertThatThrownBy(() -> WeeklyWindowSyntax.parse("24:00-06:00")).hasMessageContaining("'24:00'");
    }

    @Test
    void namesTheOffendingTextAndShowsAnExample() {
        assertThatThrownBy(() -> WeeklyWindowSyntax.parse("weekdays 8-18"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'weekdays 8-18'")
                .hasMessageContaining("unknown day 'weekdays'")
                .hasMessageContaining("MON-FRI 08:00-18:00");
        assertThatThrownBy(() -> WeeklyWindowSyntax.parse("MON 08:00"))
                .hasMessageContaining("'08:00' is not a time range");
        assertThatThrownBy(() -> WeeklyWindowSyntax.parse("MON 8-18")).hasMessageContaining("'8' is not a time");
        assertThatThrownBy(() -> WeeklyWindowSyntax.parse("MON-WED-FRI 08:00-18:00"))
                .hasMessageContaining("'MON-WED-FRI' is not a day or a day range");
        assertThatThrownBy(() -> WeeklyWindowSyntax.parse("")).hasMessageContaining("invalid weekly window ''");
    }

    @Test
    void readsAListWhoseDayListsContainCommas() {
        assertThat(WeeklyWindowSyntax.parseList("MON,WED 08:00-10:00, SAT 10:00-12:00,22:00-02:00"))
                .containsExactly(
                        new WeeklyWindow(Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), EIGHT, LocalTime.of(10, 0)),
                        new WeeklyWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(10, 0), LocalTime.NOON),
                        WeeklyWindow.daily(LocalTime.of(22, 0), LocalTime.of(2, 0)));
        assertThat(WeeklyWindowSyntax.parseList(" ")).isEmpty();
        assertThatThrownBy(() -> WeeklyWindowSyntax.parseList("MON-FRI 08:00-18:00,SAT"))
                .hasMessageContaining("'SAT': days without a time range");
    }

    @Test
    void readsSeparateDaysAndTimesLikeTheText() {
        assertThat(WeeklyWindowSyntax.of(List.of(), "08:00", "18:00")).isEqualTo(WeeklyWindow.daily(EIGHT, SIX_PM));
        assertThat(WeeklyWindowSyntax.of(List.of("MONDAY", "fri", "SAT-SUN"), "08:00", "18:00")
                        .days())
                .isEqualTo(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        assertThatThrownBy(() -> WeeklyWindowSyntax.of(List.of("MONDAY", "FUNDAY"), "08:00", "18:00"))
                .hasMessageContaining("'MONDAY,FUNDAY 08:00-18:00'")
                .hasMessageContaining("unknown day 'FUNDAY'");
    }

    @Test
    void printsDaysAsShortRanges() {
        assertThat(WeeklyWindowSyntax.format(WeeklyWindow.daily(EIGHT, SIX_PM))).isEqualTo("08:00-18:00");
        assertThat(WeeklyWindowSyntax.format(WeeklyWindowSyntax.parse("fri,sat,sun,mon 22:00-02:00")))
                .isEqualTo("FRI-MON 22:00-02:00");
        assertThat(WeeklyWindowSyntax.format(WeeklyWindowSyntax.parse("SUN,MON,WED,SAT 08:00-18:00")))
                .isEqualTo("WED,SAT-MON 08:00-18:00");
        assertThat(WeeklyWindowSyntax.format(WeeklyWindowSyntax.parse("SAT,SUN 08:00-18:00")))
                .isEqualTo("SAT,SUN 08:00-18:00");
    }
}
