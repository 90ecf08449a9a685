package io.backfill.executor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.core.window.WeeklyWindowSyntax;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void readsPeakWindowsInTheConfiguredZone() {
        var schedule = Settings.peakWindows("Europe/Berlin", List.of("MON-FRI 08:00-18:00", "SAT 10:00-14:00"));

        assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(schedule.windows())
                .containsExactly(
                        WeeklyWindowSyntax.parse("MON-FRI 08:00-18:00"), WeeklyWindowSyntax.parse("SAT 10:00-14:00"));
    }

    @Test
    void joinsADayListTheConfigReaderSplitAtItsCommas() {
        // peak-windows=MON,WED 08:00-10:00,SAT 10:00-14:00 arrives as three list elements
        var schedule = Settings.peakWindows("UTC", List.of("MON", "WED 08:00-10:00", "SAT 10:00-14:00"));

        assertThat(schedule.windows())
                .containsExactly(
                        WeeklyWindowSyntax.parse("MON,WED 08:00-10:00"), WeeklyWindowSyntax.parse("SAT 10:00-14:00"));
    }

    @Test
    void acceptsAWholeDayWindowThatUsedToBeRefused() {
        var schedule = Settings.peakWindows("UTC", List.of("MON 08:00-08:00"));

        assertThat(schedule.openTime(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z")))
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void namesTheConfigKeyOfABadValue() {
        assertThatThrownBy(() -> Settings.peakWindows("UTC", List.of("weekdays 8-18")))
                .hasMessageStartingWith("backfill.admission.peak-windows: invalid weekly window 'weekdays 8-18'");
        assertThatThrownBy(() -> Settings.peakWindows("Mars/Olympus", List.of()))
                .hasMessageContaining("backfill.admission.zone: unknown time zone 'Mars/Olympus'");
    }
}
