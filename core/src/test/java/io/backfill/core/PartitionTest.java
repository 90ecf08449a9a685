package io.backfill.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class PartitionTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void writesDayMonthAndHourKeys() {
        ZonedDateTime start = LocalDateTime.parse("2026-03-01T00:00").atZone(BERLIN);

        assertThat(new Partition(PartitionGrain.DAY, start).key()).isEqualTo("2026-03-01");
        assertThat(new Partition(PartitionGrain.MONTH, start).key()).isEqualTo("2026-03");
        assertThat(new Partition(PartitionGrain.HOUR, start).key()).isEqualTo("2026-03-01T00:00+01:00");
    }

    @Test
    void keepsTheTwoFallBackHoursApartByOffset() {
        Partition first = Partition.parse(PartitionGrain.HOUR, BERLIN, "2026-10-25T02:00+02:00");

        Partition second = first.next();

        assertThat(second.key()).isEqualTo("2026-10-25T02:00+01:00");
        assertThat(second.start().toLocalDateTime()).isEqualTo(first.start().toLocalDateTime());
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void parsesEveryKeyItWrites() {
        for (PartitionGrain grain : PartitionGrain.values()) {
            Partition partition = Partition.containing(
                    grain, LocalDateTime.parse("2026-10-25T02:30").atZone(BERLIN));

            assertThat(Partition.parse(grain, BERLIN, partition.key())).isEqualTo(partition);
        }
    }

    @Test
    void aDayAcrossSpringForwardLasts23Hours() {
        Partition day = Partition.parse(PartitionGrain.DAY, BERLIN, "2026-03-29");

        assertThat(java.time.Duration.between(day.start(), day.end()).toHours()).isEqualTo(23);
    }

    @Test
    void refusesAStartThatIsNotAligned() {
        ZonedDateTime midday = LocalDateTime.parse("2026-03-01T12:00").atZone(BERLIN);

        assertThatThrownBy(() -> new Partition(PartitionGrain.DAY, midday))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not the start of a DAY partition");
    }

    @Test
    void refusesAMalformedKeyNamingItAndTheExpectedForm() {
        assertThatThrownBy(() -> Partition.parse(PartitionGrain.MONTH, BERLIN, "2026-3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2026-3'")
                .hasMessageContaining("2026-03");
    }
}
