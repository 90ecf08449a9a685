package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.core.window.WeeklySchedule;
import io.backfill.core.window.WeeklyWindowSyntax;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The targets in force; the window rules themselves are tested in core ({@code io.backfill.core.window}). */
class LoadTargetsTest {

    @Test
    void usesThePeakTargetInsidePeakWindowsReadInTheirTimeZone() {
        var tokyo = ZoneId.of("Asia/Tokyo");
        var targets =
                new LoadTargets(0.7, 0.4, 0.9, new WeeklySchedule(tokyo, WeeklyWindowSyntax.parseList("09:00-18:00")));

        var tokyoMorning = ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, tokyo).toInstant(); // 01:00 UTC
        var tokyoNight = ZonedDateTime.of(2026, 3, 2, 23, 0, 0, 0, tokyo).toInstant(); // 14:00 UTC

        assertThat(targets.targetAt(tokyoMorning)).isEqualTo(0.4);
        assertThat(targets.targetAt(tokyoNight)).isEqualTo(0.7);
    }

    @Test
    void withoutPeakWindowsIsNeverPeak() {
        assertThat(LoadTargets.DEFAULTS.isPeak(Instant.parse("2026-03-02T10:00:00Z")))
                .isFalse();
        assertThat(LoadTargets.DEFAULTS.targetAt(Instant.parse("2026-03-02T10:00:00Z")))
                .isEqualTo(LoadTargets.DEFAULT_OFF_PEAK_TARGET);
    }

    @Test
    void rejectsATargetAboveTheHardCeiling() {
        assertThatThrownBy(() -> new LoadTargets(0.95, 0.5, 0.9, WeeklySchedule.none(ZoneId.of("UTC"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offPeakTarget");
    }
}
