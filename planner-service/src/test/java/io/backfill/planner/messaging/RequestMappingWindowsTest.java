package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.window.WeeklyWindow;
import io.backfill.core.window.WeeklyWindowSyntax;
import io.backfill.events.BackfillRequested;
import io.backfill.events.TimeWindow;
import io.backfill.events.WindowPolicy;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the request's {@code windows} become core weekly windows, and how bad ones are reported. */
class RequestMappingWindowsTest {

    @Test
    void readsDaysAndTimesWithTheWeeklyWindowRules() {
        var mapped = RequestMapping.spec(request(
                "Europe/Berlin",
                new TimeWindow(List.of("MONDAY", "TUE", "wed-fri"), "19:00", "24:00"),
                new TimeWindow(List.of("SAT", "SUN"), "00:00", "00:00")));

        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.spec().windowPolicy().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(mapped.spec().windowPolicy().windows())
                .containsExactly(
                        WeeklyWindowSyntax.parse("MON-FRI 19:00-00:00"),
                        new WeeklyWindow(
                                Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
    }

    @Test
    void readsAnEmptyDayListAsEveryDayAsTheContractSays() {
        var mapped = RequestMapping.spec(request("UTC", new TimeWindow(List.of(), "22:00", "06:00")));

        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.spec().windowPolicy().windows())
                .containsExactly(WeeklyWindow.daily(LocalTime.of(22, 0), LocalTime.of(6, 0)));
    }

    @Test
    void namesTheFieldAndTheValueOfEveryBadWindow() {
        var mapped = RequestMapping.spec(request(
                "UTC",
                new TimeWindow(List.of("MON"), "08:00", "18:00"),
                new TimeWindow(List.of("FUNDAY"), "08:00", "18:00"),
                new TimeWindow(List.of(), "8", "18:00")));

        assertThat(mapped.problems())
                .containsExactly(
                        "windowPolicy.allowed[1]: invalid weekly window 'FUNDAY 08:00-18:00': unknown day 'FUNDAY'"
                                + " (MON..SUN or MONDAY..SUNDAY)",
                        "windowPolicy.allowed[2]: invalid weekly window '8-18:00': '8' is not a time HH:mm");
        assertThat(mapped.spec().windowPolicy()).isNull();
    }

    private static BackfillRequested request(String zone, TimeWindow... allowed) {
        return Events.request("wh", "bf-windows", "analytics", "daily_sales", "2026-03-01", "2026-03-02")
                .setWindows(WindowPolicy.newBuilder()
                        .setTimeZone(zone)
                        .setAllowed(List.of(allowed))
                        .build())
                .build();
    }
}
