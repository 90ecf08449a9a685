package io.backfill.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Over random windows (any days, any quarter-hour times, so overnight, whole-day and DST-touching ones
 * too) in zones with DST: the text form reads back to the same window, and {@code contains} agrees with
 * the openings the schedule lists.
 */
class WeeklyWindowPropertyTest {

    private static final Instant YEAR_START = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<WeeklyWindow> windows() {
        Arbitrary<Set<DayOfWeek>> days = Arbitraries.of(DayOfWeek.class).set().ofMinSize(1);
        Arbitrary<LocalTime> times =
                Arbitraries.integers().between(0, 95).map(q -> LocalTime.MIDNIGHT.plusMinutes(15L * q));
        return Combinators.combine(days, times, times).as(WeeklyWindow::new);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC")
                .map(ZoneId::of);
    }

    @Property(tries = 300)
    void textFormReadsBackToTheSameWindow(@ForAll("windows") WeeklyWindow window) {
        assertThat(WeeklyWindowSyntax.parse(WeeklyWindowSyntax.format(window))).isEqualTo(window);
    }

    @Property(tries = 500)
    void containsAgreesWithTheListedOpenings(
            @ForAll("windows") WeeklyWindow window,
            @ForAll("zones") ZoneId zone,
            @ForAll @LongRange(min = 0, max = 366L * 24 * 4) long quarterHours,
            @ForAll @LongRange(min = 0, max = 899) long seconds) {
        Instant at = YEAR_START.plus(Duration.ofMinutes(15 * quarterHours)).plusSeconds(seconds);
        var schedule = new WeeklySchedule(zone, List.of(window));

        boolean listed = schedule.openings(at.minus(Duration.ofDays(2)), at.plus(Duration.ofDays(2))).stream()
                .anyMatch(o -> o.contains(at));

        assertThat(schedule.contains(at)).isEqualTo(listed);
    }
}
